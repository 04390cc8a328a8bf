package io.marketbus.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonUnitTests {

    record Body(String name, int quantity) {}

    final JsonMapper json = StrictJson.apply(JsonMapper.builder()).build();

    @Test
    void plainTextAndWholeNumbersPass() {
        assertThat(json.readValue("{\"name\":\"Zoë\\tTab\\nLine ✓\",\"quantity\":2}", Body.class))
                .isEqualTo(new Body("Zoë\tTab\nLine ✓", 2));
    }

    @Test
    void controlCharactersNumbersAsTextAndFractionsAreRefused() {
        assertThatThrownBy(() -> json.readValue("{\"name\":\"a\\u0000b\",\"quantity\":1}", Body.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> json.readValue("{\"name\":\"\\u001b[31m\",\"quantity\":1}", Body.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"name\":42,\"quantity\":1}", Body.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"name\":\"x\",\"quantity\":1.5}", Body.class))
                .isInstanceOf(JacksonException.class);
    }
}
