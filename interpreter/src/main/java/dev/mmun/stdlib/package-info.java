/**
 * The standard library: the kernel's paths as {@code .mmun} procedures shipped in the jar, parsed
 * lazily, file by file, as the scripts that call them need them.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine} and {@code check}.
 */
package dev.mmun.stdlib;
