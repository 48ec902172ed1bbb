package dev.mmun.machine;

import java.util.List;

/**
 * One primitive of an instruction family as the language offers it: its canonical name (what the
 * family lowers), every name it is written with, its form in the docs, whether it gives a value
 * (then it is assigned to a local), and the line that documents it (docs/language.md is checked
 * against these), and whether it is a memory access (a device thread may do it, and it may be
 * tried: {@code try}).
 */
public record Primitive(String canonical, List<String> names, String form, boolean valued, String doc, boolean access) {
    public Primitive(String canonical, List<String> names, String form, boolean valued, String doc) {
        this(canonical, names, form, valued, doc, false);
    }
}
