import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A floor on another stack, for bench/run: Helidon 4's web server and client (blocking code, a virtual
 * thread per request, the JDK's sockets), passing bytes through with nothing else. Bench code only: its jars
 * are fetched by hand into bench/.floor-lib (see pom.xml beside this file), never part of ContextGate.
 *
 * <pre>java -cp 'bench/.floor-lib/*' bench/floor/helidon/HelidonFloor.java PORT JSON-UPSTREAM-PORT STREAM-UPSTREAM-PORT</pre>
 */
public final class HelidonFloor {

    public static void main(String[] args) {
        WebClient json = WebClient.builder().baseUri("http://127.0.0.1:" + args[1]).build();
        WebClient stream = WebClient.builder().baseUri("http://127.0.0.1:" + args[2]).build();
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .routing(routing -> routing.post("/v1/chat/completions", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    boolean streamed = new String(body, StandardCharsets.ISO_8859_1).contains("\"stream\":true");
                    try (HttpClientResponse answer = (streamed ? stream : json).post("/v1/chat/completions")
                            .header(HeaderNames.CONTENT_TYPE, "application/json").submit(body)) {
                        res.status(Status.create(answer.status().code()));
                        if (!streamed) {
                            res.header(HeaderNames.CONTENT_TYPE, "application/json");
                            res.send(answer.entity().as(byte[].class));
                            return;
                        }
                        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
                        byte[] buffer = new byte[8192];
                        try (InputStream in = answer.inputStream(); OutputStream out = res.outputStream()) {
                            for (int n; (n = in.read(buffer)) >= 0; ) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                    }
                }))
                .build()
                .start();
        System.out.println("helidon floor on 127.0.0.1:" + server.port());
    }
}
