package io.marketbus.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterHeadersUnitTests {

    @Test
    void reasonsBecomePrintableAsciiOnOneLine() {
        assertThat(DeadLetterStream.headerSafe("bad byte \u00ff\u0000 in\r\nline\tend \u2014 ok"))
                .isEqualTo("bad byte ?? in  line end ? ok");
        assertThat(DeadLetterStream.headerSafe(null)).isEmpty();
        assertThat(DeadLetterStream.headerSafe("x".repeat(5000))).hasSize(2000);
    }
}
