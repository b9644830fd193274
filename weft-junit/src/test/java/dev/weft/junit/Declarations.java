package dev.weft.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.support.ParameterDeclaration;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** The parameters of a method as JUnit describes them to an arguments provider, for calling one directly. */
final class Declarations implements ParameterDeclarations {
    private final Method method;

    private Declarations(Method method) {
        this.method = method;
    }

    static ParameterDeclarations of(Method method) {
        return new Declarations(method);
    }

    @Override
    public List<ParameterDeclaration> getAll() {
        List<ParameterDeclaration> all = new ArrayList<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            int index = i;
            all.add(new ParameterDeclaration() {
                @Override
                public AnnotatedElement getAnnotatedElement() {
                    return p;
                }

                @Override
                public Class<?> getParameterType() {
                    return p.getType();
                }

                @Override
                public int getParameterIndex() {
                    return index;
                }

                @Override
                public Optional<String> getParameterName() {
                    return Optional.of(p.getName());
                }
            });
        }
        return all;
    }

    @Override
    public Optional<ParameterDeclaration> getFirst() {
        return getAll().stream().findFirst();
    }

    @Override
    public Optional<ParameterDeclaration> get(int parameterIndex) {
        List<ParameterDeclaration> all = getAll();
        return parameterIndex < all.size() ? Optional.of(all.get(parameterIndex)) : Optional.empty();
    }

    @Override
    public AnnotatedElement getSourceElement() {
        return method;
    }

    @Override
    public String getSourceElementDescription() {
        return "method [" + method.toGenericString() + "]";
    }
}
