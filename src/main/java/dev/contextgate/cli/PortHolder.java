package dev.contextgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, as Linux tells it: the socket inode from {@code /proc/net/tcp}
 * and {@code /proc/net/tcp6} (LISTEN state {@code 0A}), then the process whose {@code /proc/PID/fd}
 * holds {@code socket:[inode]}. Only processes we may read are seen; elsewhere the answer is empty.
 */
public final class PortHolder {

    private static final String LISTEN = "0A";
    private static final int MAX_COMMAND = 200;

    /** The holding process and its command line (possibly shortened). */
    public record Holder(long pid, String command) {}

    private final Path proc;

    PortHolder(Path proc) {
        this.proc = proc;
    }

    public static Optional<Holder> find(int port) {
        return new PortHolder(Path.of("/proc")).lookup(port);
    }

    /** "PID 123 (java -jar x.jar)", or why we cannot say. */
    public static String describe(int port) {
        return find(port)
                .map(h -> "PID " + h.pid() + (h.command().isEmpty() ? "" : " (" + h.command() + ")"))
                .orElse("another process (run as root or use `ss -ltnp` to see which)");
    }

    Optional<Holder> lookup(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            inodes.addAll(listeningInodes(proc.resolve(table), port));
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path pidDir : pids) {
                if (holdsAny(pidDir.resolve("fd"), inodes)) {
                    long pid = Long.parseLong(pidDir.getFileName().toString());
                    return Optional.of(new Holder(pid, command(pidDir)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Inodes of sockets in LISTEN state on {@code port}, from one /proc/net table. */
    static Set<String> listeningInodes(Path table, int port) {
        Set<String> out = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals(LISTEN)) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            try {
                if (colon > 0 && Integer.parseInt(f[1].substring(colon + 1), 16) == port && !f[9].equals("0")) {
                    out.add(f[9]);
                }
            } catch (NumberFormatException e) {
                // not a row we understand; skip it
            }
        }
        return out;
    }

    private static boolean holdsAny(Path fdDir, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile, or not ours to read
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static String command(Path pidDir) {
        try {
            byte[] raw = Files.readAllBytes(pidDir.resolve("cmdline"));
            String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (cmd.isEmpty()) {
                cmd = Files.readString(pidDir.resolve("comm"), StandardCharsets.UTF_8).strip();
            }
            return cmd.length() > MAX_COMMAND ? cmd.substring(0, MAX_COMMAND) + "…" : cmd;
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
