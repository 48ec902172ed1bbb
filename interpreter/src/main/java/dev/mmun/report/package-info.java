/**
 * What a run, a check or a suite prints: the text report and its timeline table, JSON (schema
 * mmun/1), JUnit XML, TAP, the HTML page, the steps that set a violation up, the state as tables,
 * and the trace file {@code --emit-trace} writes. Reads outcomes; decides nothing about them.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine}, {@code check},
 * {@code stdlib}, {@code lower}, {@code explore} and {@code session}.
 */
package dev.mmun.report;
