package dev.weft.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a class of cases only when EngineTestKit sets {@value #KEY}: they break rules on purpose. */
final class OnlyInTestKit implements ExecutionCondition {
    static final String KEY = "weft.junit.cases";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(KEY).isPresent()
                ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                : ConditionEvaluationResult.disabled(
                        "cases that break the hygiene rules on purpose; the enclosing test runs them through EngineTestKit");
    }
}
