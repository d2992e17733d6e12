package dev.contextgate.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.config.KeyConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every call of the context API over real HTTP, with two client keys, on a SQLite store. */
class ContextApiTest {

    static final String ALICE = "Bearer alice-secret";
    static final String BOB = "Bearer bob-secret";

    @TempDir
    Path dir;

    ContextGatewayFixture fx;

    static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    @BeforeEach
    void start() throws Exception {
        fx = new ContextGatewayFixture(dir, List.of(new KeyConfig("alice", sha256("alice-secret")),
                new KeyConfig("bob", sha256("bob-secret"))));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    HttpResponse<String> as(String who, String method, String path, String body) throws Exception {
        return fx.send(method, path, body, "Authorization", who);
    }

    JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return ContextGatewayFixture.parse(r.body());
    }

    void error(HttpResponse<String> r, int status, String says) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = ContextGatewayFixture.parse(r.body()).get("error");
        assertThat(error.get("message").asText()).contains(says);
        assertThat(error.has("type")).isTrue();
    }

    @Test
    void createReadPatchListAndDelete() throws Exception {
        JsonNode created = ok(as(ALICE, "POST", "/v1/contexts",
                "{\"id\":\"c1\",\"system\":\"Be kind.\",\"pins\":[\"likes tea\"],\"metadata\":{\"app\":\"x\"},\"max_tokens\":900}"), 201);
        assertThat(created.get("object").asText()).isEqualTo("context");
        assertThat(created.get("pins").get(0).asText()).isEqualTo("likes tea");
        assertThat(created.get("message_count").asInt()).isZero();
        JsonNode generated = ok(as(ALICE, "POST", "/v1/contexts", "{}"), 201);
        assertThat(generated.get("id").asText()).startsWith("ctx_");

        JsonNode patched = ok(as(ALICE, "PATCH", "/v1/contexts/c1", "{\"pins\":[\"likes coffee\"],\"max_tokens\":null}"), 200);
        assertThat(patched.get("pins").get(0).asText()).isEqualTo("likes coffee");
        assertThat(patched.get("system").asText()).isEqualTo("Be kind.");
        assertThat(patched.get("max_tokens").isNull()).isTrue();
        assertThat(ok(as(ALICE, "GET", "/v1/contexts/c1", null), 200)).isEqualTo(patched);

        JsonNode page = ok(as(ALICE, "GET", "/v1/contexts?limit=1", null), 200);
        assertThat(page.get("data")).hasSize(1);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode rest = ok(as(ALICE, "GET", "/v1/contexts?limit=10&after=" + page.get("last_id").asText(), null), 200);
        assertThat(rest.get("has_more").asBoolean()).isFalse();
        assertThat(page.get("data").size() + rest.get("data").size()).isEqualTo(2);

        assertThat(ok(as(ALICE, "DELETE", "/v1/contexts/c1", null), 200).get("deleted").asBoolean()).isTrue();
        error(as(ALICE, "GET", "/v1/contexts/c1", null), 404, "not found");
    }

    @Test
    void messagesAppendPageEditAndRemoveWithTheirToolPartner() throws Exception {
        ok(as(ALICE, "POST", "/v1/contexts", "{\"id\":\"m\"}"), 201);
        JsonNode added = ok(as(ALICE, "POST", "/v1/contexts/m/messages", """
                {"messages":[
                  {"role":"user","content":"What's the weather?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"-3C"},
                  {"role":"assistant","content":[{"type":"text","text":"Cold: -3C."}]}
                ]}"""), 201);
        assertThat(added.get("data")).hasSize(4);
        JsonNode stored = added.get("data");
        assertThat(stored.get(1).get("content").get(0).get("type").asText()).isEqualTo("tool_use");
        assertThat(stored.get(2).get("content").get(0).get("type").asText()).isEqualTo("tool_result");
        assertThat(stored.get(0).get("tokens").asInt()).isPositive();

        JsonNode newest = ok(as(ALICE, "GET", "/v1/contexts/m/messages?order=desc&limit=1", null), 200);
        assertThat(newest.get("data").get(0).get("id").asText()).isEqualTo(stored.get(3).get("id").asText());
        JsonNode after = ok(as(ALICE, "GET", "/v1/contexts/m/messages?after=" + stored.get(1).get("id").asText(), null), 200);
        assertThat(after.get("data")).hasSize(2);

        String first = stored.get(0).get("id").asText();
        JsonNode edited = ok(as(ALICE, "PATCH", "/v1/contexts/m/messages/" + first, "{\"content\":\"Weather in Oslo?\"}"), 200);
        assertThat(edited.get("content").get(0).get("text").asText()).isEqualTo("Weather in Oslo?");
        assertThat(edited.get("role").asText()).isEqualTo("user");

        JsonNode removed = ok(as(ALICE, "DELETE", "/v1/contexts/m/messages/" + stored.get(2).get("id").asText(), null), 200);
        assertThat(removed.get("removed")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(stored.get(1).get("id").asText(), stored.get(2).get("id").asText());
        assertThat(removed.get("context").get("message_count").asInt()).isEqualTo(2);
    }

    @Test
    void pruneByCountByIdAndByTokensKeepsWholeTurns() throws Exception {
        ok(as(ALICE, "POST", "/v1/contexts", "{\"id\":\"p\"}"), 201);
        StringBuilder body = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 5; i++) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"q").append(i)
                    .append("\"},{\"role\":\"assistant\",\"content\":\"a").append(i).append("\"}");
        }
        JsonNode stored = ok(as(ALICE, "POST", "/v1/contexts/p/messages", body.append("]}").toString()), 201).get("data");
        // keep_last 3 would split turn 3; the cut moves back to that turn's start.
        assertThat(ok(as(ALICE, "POST", "/v1/contexts/p/prune", "{\"keep_last\":3}"), 200).get("removed_count").asInt())
                .isEqualTo(6);
        assertThat(ok(as(ALICE, "POST", "/v1/contexts/p/prune", "{\"before\":\"" + stored.get(8).get("id").asText() + "\"}"), 200)
                .get("removed_count").asInt()).isEqualTo(2);
        assertThat(ok(as(ALICE, "POST", "/v1/contexts/p/prune", "{\"max_tokens\":0}"), 200).get("removed_count").asInt())
                .isEqualTo(2);
        error(as(ALICE, "POST", "/v1/contexts/p/prune", "{\"keep_last\":1,\"max_tokens\":3}"), 400, "exactly one");
    }

    @Test
    void windowShowsWhatTheNextCallSends() throws Exception {
        ok(as(ALICE, "POST", "/v1/contexts", "{\"id\":\"w\",\"system\":\"S\",\"pins\":[\"P\"]}"), 201);
        ok(as(ALICE, "POST", "/v1/contexts/w/messages", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 201);
        JsonNode window = ok(as(ALICE, "GET", "/v1/contexts/w/window?model=claude-sonnet-4-5", null), 200);
        assertThat(window.get("system").asText()).isEqualTo("S\n\nPinned facts:\n- P");
        assertThat(window.get("messages")).hasSize(1);
        assertThat(window.get("context_window").asInt()).isEqualTo(200_000);
        assertThat(window.get("budget").asInt()).isLessThan(200_000);
        assertThat(window.get("tokens").asInt()).isPositive();
        error(as(ALICE, "GET", "/v1/contexts/w/window", null), 400, "model is required");
        error(as(ALICE, "GET", "/v1/contexts/w/window?model=nothing-routes-this", null), 404, "nothing-routes-this");
    }

    @Test
    void exportThenImportRoundTripsExactly() throws Exception {
        ok(as(ALICE, "POST", "/v1/contexts", "{\"id\":\"orig\",\"system\":\"S\",\"pins\":[\"P\"],\"metadata\":{\"k\":\"v\"}}"), 201);
        ok(as(ALICE, "POST", "/v1/contexts/orig/messages", """
                {"messages":[{"role":"user","content":[{"type":"text","text":"hi"},
                  {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"yo"}]}]}"""), 201);
        HttpResponse<String> export = as(ALICE, "GET", "/v1/contexts/orig/export", null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("ndjson"));
        String line = export.body();
        assertThat(line.strip().lines()).hasSize(1);

        ok(as(ALICE, "DELETE", "/v1/contexts/orig", null), 200);
        JsonNode imported = ok(as(ALICE, "POST", "/v1/contexts/import", line), 201);
        assertThat(imported.get("data").get(0).get("id").asText()).isEqualTo("orig");
        assertThat(as(ALICE, "GET", "/v1/contexts/orig/export", null).body()).isEqualTo(line);
        error(as(ALICE, "POST", "/v1/contexts/import", line), 400, "already exists");
        error(as(ALICE, "POST", "/v1/contexts/import", "{\"nope\":1}"), 400, "line 1");
    }

    @Test
    void oneKeyCannotSeeOrUseAnothersContext() throws Exception {
        ok(as(ALICE, "POST", "/v1/contexts", "{\"id\":\"private\"}"), 201);
        error(as(BOB, "GET", "/v1/contexts/private", null), 404, "not found");
        error(as(BOB, "GET", "/v1/contexts/private/messages", null), 404, "not found");
        error(as(BOB, "DELETE", "/v1/contexts/private", null), 404, "not found");
        assertThat(ok(as(BOB, "GET", "/v1/contexts", null), 200).get("data")).isEmpty();
        error(as(BOB, "POST", "/v1/chat/completions",
                "{\"model\":\"simulated/x\",\"context_id\":\"private\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                404, "not found");
        error(fx.send("GET", "/v1/contexts/private", null), 401, "API key");
        assertThat(ok(as(ALICE, "GET", "/v1/contexts/private", null), 200).get("message_count").asInt()).isZero();
    }

    @Test
    void badInputGetsAClear400AndUnknownIdsA404() throws Exception {
        error(as(ALICE, "GET", "/v1/contexts/bad%20id!", null), 400, "context_id must be");
        error(as(ALICE, "GET", "/v1/contexts/" + "x".repeat(129), null), 400, "1-128");
        error(as(ALICE, "GET", "/v1/contexts/missing", null), 404, "not found");
        error(as(ALICE, "POST", "/v1/contexts", "{\"id\":"), 400, "not valid JSON");
        error(as(ALICE, "POST", "/v1/contexts", "{\"pins\":\"one\"}"), 400, "pins");
        error(as(ALICE, "POST", "/v1/contexts", "{\"sytem\":\"typo\"}"), 400, "sytem");
        ok(as(ALICE, "POST", "/v1/contexts", "{\"id\":\"dup\"}"), 201);
        error(as(ALICE, "POST", "/v1/contexts", "{\"id\":\"dup\"}"), 400, "already exists");
        error(as(ALICE, "POST", "/v1/contexts/dup/messages", "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"), 400, "role");
        error(as(ALICE, "POST", "/v1/contexts/dup/messages", "{\"messages\":[]}"), 400, "messages");
        error(as(ALICE, "GET", "/v1/contexts/dup/messages?limit=0", null), 400, "limit");
        error(as(ALICE, "GET", "/v1/contexts/dup/messages?order=sideways", null), 400, "order");
        error(as(ALICE, "PATCH", "/v1/contexts/dup/messages/msg_none", "{\"content\":\"x\"}"), 404, "msg_none");
        error(as(ALICE, "POST", "/v1/chat/completions",
                "{\"model\":\"simulated/x\",\"context_id\":\"no spaces\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                400, "context_id");
    }

    @Test
    void theSeedAliasesStillWork() throws Exception {
        JsonNode updated = ok(as(ALICE, "POST", "/context/update",
                "{\"context_id\":\"seed\",\"messages\":[{\"role\":\"user\",\"content\":\"remember me\"}]}"), 200);
        assertThat(updated.get("appended").asInt()).isEqualTo(1);
        JsonNode retrieved = ok(as(ALICE, "GET", "/context/retrieve?context_id=seed", null), 200);
        assertThat(retrieved.get("messages").get(0).get("content").get(0).get("text").asText()).isEqualTo("remember me");
        error(as(BOB, "GET", "/context/retrieve?context_id=seed", null), 404, "not found");
        error(fx.send("GET", "/context/retrieve?context_id=seed", null), 401, "API key");
    }
}
