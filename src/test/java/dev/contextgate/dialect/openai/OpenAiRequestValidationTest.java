package dev.contextgate.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.contextgate.chat.GatewayError;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OpenAiRequestValidationTest {

    private final OpenAiCodec codec = new OpenAiCodec();

    private GatewayError reject(String body) {
        GatewayError error = catchThrowableOfType(GatewayError.class,
                () -> codec.decodeRequest(body.getBytes(StandardCharsets.UTF_8), Map.of()));
        assertThat(error).as("a GatewayError for %s", body).isNotNull();
        assertThat(error.kind()).isEqualTo(GatewayError.Kind.INVALID_REQUEST);
        assertThat(codec.encodeError(error).status()).isEqualTo(400);
        return error;
    }

    @Test
    void badJsonSaysWhereAndWhy() {
        GatewayError error = reject("{\"model\": \"gpt-4o\",\n \"messages\": [}");

        assertThat(error.getMessage())
                .startsWith("The request body is not valid JSON: ")
                .isEqualTo("The request body is not valid JSON: Unexpected close marker '}': expected ']'"
                        + " at line 2 column 15");
    }

    @Test
    void emptyBodyAndNonObjectBodyAreRejected() {
        assertThat(reject("").getMessage()).contains("empty");
        assertThat(reject("[1,2]").getMessage()).contains("must be a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model|model is required",
        "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model|must be a non-empty string",
        "{\"model\":\"m\"}|messages|messages is required",
        "{\"model\":\"m\",\"messages\":[]}|messages|non-empty array",
        "{\"model\":\"m\",\"messages\":{}}|messages|non-empty array",
        "{\"model\":\"m\",\"messages\":[\"hi\"]}|messages[0]|must be an object",
        "{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}|messages[0].role|role is required",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}|messages[0].role|unknown role 'robot'",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]}|messages[0].role|tool_call_id",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}|messages[0].content|is required",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":{}}]}|messages[1].content|must be a string or an array of content parts",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}|messages[0].content[0].type|'input_audio'",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{}}]}]}|messages[0].content[0].type|'file'",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x\"}}]}]}|messages[0].content[0].image_url.url|http(s) URL",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].tool_call_id|tool_call_id is required",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}]}|messages[0].tool_calls[0].id|is required",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":5}]}|messages[0].content|must be a string or an array of text parts",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}|n|n must be 1: ContextGate returns one choice",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"ten\"}|max_tokens|must be a non-negative integer",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}|temperature|must be a number",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}|stream|must be true or false",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":3}|stop|string or an array of strings",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\"}]}|tools[0].function|must be an object",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"maybe\"}|tool_choice|tool_choice must be",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"context_id\":5}|context_id|must be a string",
    })
    void wrongOrMissingFieldsNameTheParam(String body, String param, String messagePart) {
        GatewayError error = reject(body);

        assertThat(error.param()).isEqualTo(param);
        assertThat(error.getMessage()).contains(messagePart);
        assertThat(Golden.tree(codec.encodeError(error).body()).path("error").path("param").asText()).isEqualTo(param);
    }
}
