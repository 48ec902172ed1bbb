package dev.mmun.dist;

import dev.mmun.cli.Io;
import dev.mmun.cli.MmunCommand;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the shell completion scripts and the man pages' AsciiDoc from mmun's own command model
 * (the same tree {@code mmun} parses with), so neither can drift from the options. Run by Maven
 * (exec-maven-plugin) before the tests of this module, which read what it wrote.
 *
 * <p>Usage: {@code GenerateDocs OUTDIR}; writes OUTDIR/completion/mmun.bash, OUTDIR/completion/mmun.zsh
 * and OUTDIR/man/*.adoc (one page per command: mmun.adoc, mmun-run.adoc, ...).
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GenerateDocs OUTDIR");
        }
        Path out = Path.of(args[0]);
        CommandLine mmun = model();
        Path completion = Files.createDirectories(out.resolve("completion"));
        String script = AutoComplete.bash("mmun", mmun);
        Files.writeString(completion.resolve("mmun.bash"), script, StandardCharsets.UTF_8);
        // picocli's script serves zsh too: it loads zsh's bashcompinit when it finds itself in zsh.
        Files.writeString(completion.resolve("mmun.zsh"), "# zsh completion for mmun: source this file from ~/.zshrc\n"
                + "# (picocli's script, which loads zsh's bashcompinit itself)\n" + script, StandardCharsets.UTF_8);
        Path man = Files.createDirectories(out.resolve("man"));
        int exit = ManPageGenerator.generateManPage(man.toFile(), (File) null, new boolean[0], true,
                mmun.getCommandSpec());
        if (exit != 0) {
            throw new IllegalStateException("ManPageGenerator failed with exit code " + exit);
        }
    }

    /** The whole command tree, on streams nothing is written to: it is only described, never run. */
    static CommandLine model() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return MmunCommand.commandLine(new Io(InputStream.nullInputStream(), sink, sink));
    }
}
