package dev.contextgate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.dialect.Json;
import java.util.List;

/** What {@code doctor} found: one row per check, each with what was seen and, when it failed, the fix. */
record DoctorReport(List<Check> checks) {

    enum Status {
        PASS("✓"), FAIL("✗"), INFO("•");

        final String mark;

        Status(String mark) {
            this.mark = mark;
        }
    }

    /** @param fix what to do about a failure; null when there is nothing to do */
    record Check(String name, Status status, String detail, String fix) {
        static Check pass(String name, String detail) {
            return new Check(name, Status.PASS, detail, null);
        }

        static Check fail(String name, String detail, String fix) {
            return new Check(name, Status.FAIL, detail, fix);
        }

        static Check info(String name, String detail, String fix) {
            return new Check(name, Status.INFO, detail, fix);
        }
    }

    DoctorReport {
        checks = List.copyOf(checks);
    }

    /** True when no check failed (an INFO row is not a failure). */
    boolean healthy() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    Check row(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check named " + name));
    }

    String table() {
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (Check c : checks) {
            b.append("  ").append(c.status().mark).append(' ')
                    .append(c.name()).append(" ".repeat(width - c.name().length())).append("  ")
                    .append(c.detail()).append('\n');
            if (c.fix() != null) {
                b.append("  ").append(" ".repeat(width + 4)).append("fix: ").append(c.fix()).append('\n');
            }
        }
        long failed = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        b.append(failed == 0 ? "All checks passed.\n" : failed + (failed == 1 ? " check failed.\n" : " checks failed.\n"));
        return b.toString();
    }

    String json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("ok", healthy());
        ArrayNode rows = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode row = rows.addObject();
            row.put("name", c.name());
            row.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
            row.put("detail", c.detail());
            row.put("fix", c.fix());
        }
        return root.toPrettyString() + "\n";
    }
}
