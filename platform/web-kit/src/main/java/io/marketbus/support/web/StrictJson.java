package io.marketbus.support.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * What request bodies may contain: a text field takes a JSON string (not a number or a boolean) with
 * no control characters (PostgreSQL refuses NUL, and none of ours has a use for them), and an integer
 * field takes no fraction ({@code 1.5} is an error, not {@code 1}).
 */
public final class StrictJson {

    private StrictJson() {}

    public static JsonMapper.Builder apply(JsonMapper.Builder builder) {
        return builder
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(new SimpleModule("marketbus-strict-text").addDeserializer(String.class, new PlainText()));
    }

    /** Strings only, and printable ones (tab and line breaks are allowed). */
    static final class PlainText extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            String text = parser.getString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                    return (String) context.handleWeirdStringValue(String.class, text,
                            "control character U+%04X is not allowed", (int) c);
                }
            }
            return text;
        }
    }
}
