package dev.weft.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JsonTest {
    @Test
    void jsonEscapesStringsAndWritesNumbers() {
        String json = new JsonObject()
                .put("s", "a\"b\\c\nd\te\u0001")
                .put("n", 42)
                .put("x", 0.5)
                .put("whole", 3.0)
                .put("nan", Double.NaN)
                .putNull("none")
                .put("o", new JsonObject().put("k", "v"))
                .toString();

        assertThat(json)
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\nd\\te\\u0001\",\"n\":42,\"x\":0.5,\"whole\":3.0,\"nan\":null,"
                        + "\"none\":null,\"o\":{\"k\":\"v\"}}");
    }

    @Test
    void parsesNestedJsonAndRejectsTrailingGarbage() {
        Object v = Json.parse("{\"a\":[1,2.5,-3e2],\"b\":{\"c\":null,\"d\":\"x\\\"\\u0041\"},\"e\":false}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("a")).isEqualTo(List.of(1L, 2.5, -300.0));
        assertThat(((Map<?, ?>) m.get("b")).get("d")).isEqualTo("x\"A");
        assertThat(((Map<?, ?>) m.get("b")).containsKey("c")).isTrue();
        assertThat(m.get("e")).isEqualTo(false);
        assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesWhatItParsesInTheSameOrder() {
        String text = "{\"z\":1,\"a\":[true,null,\"x\"],\"m\":{\"k\":-2.5}}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void writesMapsListsAndNumbersOfEveryKind() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 7);
        m.put("long", 1L << 40);
        m.put("double", 0.25);
        m.put("list", new ArrayList<>(List.of("a", false)));
        assertThat(Json.write(m))
                .isEqualTo("{\"int\":7,\"long\":1099511627776,\"double\":0.25,\"list\":[\"a\",false]}");
        assertThatThrownBy(() -> Json.write(Map.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesWhatIsMalformedAndWhere() {
        assertThatThrownBy(() -> Json.parse("[1,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed JSON: unexpected end at offset 3");
        assertThatThrownBy(() -> Json.parse("\"\\q\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad escape");
        assertThatThrownBy(() -> Json.parse("1-2")).hasMessageContaining("bad number 1-2");
    }
}
