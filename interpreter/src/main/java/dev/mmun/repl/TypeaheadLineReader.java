package dev.mmun.repl;

import java.util.Map;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * JLine's line reader, minus a redraw after every key while more keys are already waiting.
 *
 * <p>JLine redraws the whole input after each key it reads, and a redraw costs the length of the
 * input (secondary prompts, wrapping, the display's diff): a line pasted without bracketed paste
 * (a terminal or multiplexer that does not send the paste markers, text sent by a tool) arrives as
 * keys, and cost the square of its length: 16,000 characters 10 s, 100,000 no answer in minutes.
 * Like readline with type-ahead, this redraws only once the keys waiting have been read, so a
 * paste costs one redraw per chunk the terminal delivers. The redraw when a line is accepted, and
 * those of messages printed above the prompt, are never skipped; and once the input stops the
 * last key's redraw happens, so the screen always shows the whole input.
 */
final class TypeaheadLineReader extends LineReaderImpl {
    /**
     * How long to wait for a next key before redrawing: a key typed by hand comes tens of
     * milliseconds after the last, a paste's next chunk within a millisecond or so. On a long
     * input, whose redraw costs milliseconds, a little more patience spares many redraws.
     */
    private static final long WAIT_MS = 1;
    private static final long WAIT_LONG_MS = 10;
    private static final int LONG = 1000;

    TypeaheadLineReader(Terminal terminal, String appName, Map<String, Object> variables) {
        super(terminal, appName, variables);
    }

    @Override
    protected void redisplay(boolean flush) {
        // flush is false for the redraw of an accepted line and those around printAbove: always done
        if (flush && state == State.NORMAL && keyWaiting()) {
            return;
        }
        super.redisplay(flush);
    }

    private boolean keyWaiting() {
        long wait = buf.length() > LONG ? WAIT_LONG_MS : WAIT_MS;
        return peekCharacter(wait) >= 0;
    }
}
