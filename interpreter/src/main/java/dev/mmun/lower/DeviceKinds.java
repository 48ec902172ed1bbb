package dev.mmun.lower;

import dev.mmun.ast.Item;
import dev.mmun.diag.CompileException;
import dev.mmun.diag.SourceFile;
import dev.mmun.syntax.ScriptParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The device kinds' subscribers, stdlib/devices.mmun: what an {@code ats}, {@code ats_start_end},
 * {@code mirror} or {@code kvm} device is told. They are part of what a device kind means, so
 * every script gets them, whatever library its front end was given; parsed once per JVM.
 */
final class DeviceKinds {
    static final String FILE = "stdlib/devices.mmun";

    private DeviceKinds() {
    }

    private static final class Holder {
        static final List<Item.Subscriber> TEMPLATES = read();
    }

    static List<Item.Subscriber> templates() {
        return Holder.TEMPLATES;
    }

    private static List<Item.Subscriber> read() {
        try (InputStream in = DeviceKinds.class.getResourceAsStream("/dev/mmun/stdlib/devices.mmun")) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not in the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ScriptParser.parse(new SourceFile(FILE, text)).all(Item.Subscriber.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CompileException e) {
            throw new IllegalStateException(FILE + " does not parse: " + e.getMessage());
        }
    }
}
