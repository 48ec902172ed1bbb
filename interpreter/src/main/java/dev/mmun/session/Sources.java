package dev.mmun.session;

import dev.mmun.diag.Diagnostic;
import dev.mmun.diag.SourceFile;
import dev.mmun.diag.Span;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads scripts from files or stdin, refusing what is not UTF-8 text, with a diagnostic. */
public final class Sources {
    public static final long MAX_BYTES = 8L << 20;

    /** Either a source or why there is none (with the exit code that goes with it). */
    public record Loaded(SourceFile source, Diagnostic problem, int exitCode) {}

    private Sources() {
    }

    public static Loaded load(String path, InputStream stdin) {
        byte[] bytes;
        String name = path.equals("-") ? "<stdin>" : path;
        try {
            if (path.equals("-")) {
                bytes = stdin.readNBytes((int) MAX_BYTES + 1);
            } else {
                Path p = Path.of(path);
                if (Files.isDirectory(p)) {
                    return problem(name, "cannot read " + path + ": it is a directory", Judge.NO_INPUT);
                }
                if (Files.size(p) > MAX_BYTES) {
                    return problem(name, "the file is larger than " + (MAX_BYTES >> 20) + " MiB", Judge.DATA);
                }
                bytes = Files.readAllBytes(p);
            }
        } catch (NoSuchFileException e) {
            return problem(name, "cannot read " + path + ": no such file", Judge.NO_INPUT);
        } catch (IOException | java.nio.file.InvalidPathException | SecurityException e) {
            return problem(name, "cannot read " + path + ": " + e.getMessage(), Judge.NO_INPUT);
        }
        if (bytes.length > MAX_BYTES) {
            return problem(name, "the input is larger than " + (MAX_BYTES >> 20) + " MiB", Judge.DATA);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return new Loaded(new SourceFile(name, text), null, 0);
        } catch (CharacterCodingException e) {
            int at = firstBadByte(bytes);
            return new Loaded(null, Diagnostic.error(position(name, bytes, at),
                    "this is not UTF-8 text (byte 0x" + Integer.toHexString(bytes[at] & 0xff) + " at offset " + at + ")"), Judge.DATA);
        }
    }

    private static Loaded problem(String name, String message, int code) {
        return new Loaded(null, Diagnostic.error(Span.none(name), message), code);
    }

    /** Where decoding first fails: the decoder stops right at the malformed input. */
    private static int firstBadByte(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length + 1);
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        return r.isError() ? Math.min(in.position(), b.length - 1) : 0;
    }

    private static Span position(String name, byte[] b, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < b.length; i++) {
            if (b[i] == '\n') {
                line++;
                col = 1;
            } else if ((b[i] & 0xc0) != 0x80) {
                col++;
            }
        }
        return Span.at(name, line, col);
    }
}
