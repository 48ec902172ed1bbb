package dev.mmun.lower;

import dev.mmun.machine.Val;

/** What a name or an argument resolves to in the scope where it is used. */
sealed interface Res {
    record Page(int index) implements Res {}

    /** A value: a local, a constant, arithmetic, or a declared frame (index + 1). */
    record Value(Val val, boolean frame) implements Res {}

    record Lock(int index) implements Res {}

    record Prot(boolean writable) implements Res {}

    record Range(long start, long end, String text) implements Res {}

    record Device(int index) implements Res {}

    /** The name was not found; the error is already reported. */
    record Bad() implements Res {}
}
