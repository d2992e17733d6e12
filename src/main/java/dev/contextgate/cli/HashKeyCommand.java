package dev.contextgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the SHA-256 of a client key: the gateway stores and compares only this hash. */
@Command(
        name = "hash-key",
        mixinStandardHelpOptions = true,
        description = {
            "Print the SHA-256 of a client key, to paste as key_sha256 under keys: in contextgate.yaml.",
            "Without KEY the key is read from standard input (one trailing newline is ignored),",
            "which keeps it out of your shell history: printf %s 'secret' | contextgate hash-key"
        })
final class HashKeyCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "the client key; read from standard input when absent")
    String key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String text = key != null ? key : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        text = text.replaceAll("\\r?\\n\\z", "");
        if (text.isEmpty()) {
            spec.commandLine().getErr().println("contextgate: hash-key: the key is empty; pass it as an argument or on standard input");
            return Main.USAGE;
        }
        String hex = sha256(text);
        spec.commandLine().getOut().println(hex);
        spec.commandLine().getErr().println("paste into contextgate.yaml:  keys: [{name: my-app, key_sha256: " + hex + "}]");
        return 0;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
