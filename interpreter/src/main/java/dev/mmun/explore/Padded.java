package dev.mmun.explore;

/**
 * A superclass of the objects two search threads write at once (each its own): its fields come
 * first in a subclass's layout, so that a subclass's own fields are a cache line away from the
 * object before it in the heap. The collector copies objects next to each other (a ring's in the
 * order the ring holds them), and two threads writing fields of neighbouring objects would take
 * the cache line from each other at every write (false sharing).
 */
abstract class Padded {
    /** fills the gap after the object header, where a subclass's int would otherwise go */
    int p0;
    long p1;
    long p2;
    long p3;
    long p4;
    long p5;
    long p6;
    long p7;
    long p8;
}
