package dev.mmun.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code mmun run FILE...} without picocli, the commonest short command: building picocli's model
 * of even one subcommand (annotations read through reflection, each annotation a dynamic proxy class
 * generated at run time) costs a good part of a small run's start-up. Only a command line picocli
 * would take as it is gets here, and it fills the same fields picocli would; anything else (help,
 * version, an option written {@code --opt=value}, a repeated or unknown option, a bad value,
 * {@code --}, {@code @argfile}, no file) goes to picocli, so its messages and help are unchanged.
 */
final class FastRun {
    private FastRun() {
    }

    /** The run command these arguments ask for, or null when picocli must read them. */
    static RunCommand parse(Io io, String[] args) {
        if (args.length < 2 || !args[0].equals("run")) {
            return null;
        }
        RunCommand run = new RunCommand(io);
        run.output = new OutputOptions();
        run.html = new HtmlOption();
        List<String> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.charAt(0) == '@') {
                return null;
            }
            if (a.equals("-") || a.charAt(0) != '-') {
                files.add(a);
                continue;
            }
            if (!seen.add(a)) {
                return null;
            }
            if (a.equals("--no-trace")) {
                run.noTrace = true;
                continue;
            }
            String v = i + 1 < args.length ? args[++i] : null;
            if (v == null || v.isEmpty() || v.charAt(0) == '-' || v.charAt(0) == '@') {
                return null;
            }
            switch (a) {
                case "--format" -> {
                    run.output.format = constant(OutputOptions.Format.class, v);
                    if (run.output.format == null) {
                        return null;
                    }
                }
                case "--color" -> {
                    run.output.color = constant(OutputOptions.Color.class, v);
                    if (run.output.color == null) {
                        return null;
                    }
                }
                case "--max-steps" -> {
                    // what Integer.valueOf reads the same whichever way it is written: no sign, no leading zero
                    if (!plainInt(v)) {
                        return null;
                    }
                    run.maxSteps = Integer.parseInt(v);
                }
                case "--html" -> run.html.html = Path.of(v);
                default -> {
                    return null;
                }
            }
        }
        if (files.isEmpty()) {
            return null;
        }
        run.files = files;
        return run;
    }

    /** The option's enum constant written exactly (picocli's case-sensitive reading), or null. */
    private static <E extends Enum<E>> E constant(Class<E> type, String v) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        return null;
    }

    /** 0, or up to 9 digits without a leading zero: read the same by picocli's Integer.valueOf. */
    private static boolean plainInt(String v) {
        if (v.length() > 9 || v.length() > 1 && v.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
