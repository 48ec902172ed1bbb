/**
 * Driving a run: a {@link dev.mmun.session.Session} compiles a file and runs or checks it; the
 * judgement of what was found against what the script expects (verdicts, exit codes), the outcome
 * of a file, {@code mmun test}'s suites (files, shards, statuses, summaries), and
 * {@code check --part}/{@code --merge}'s part files. What is printed is in {@code report}.
 *
 * <p>May use: {@code diag}, {@code ast}, {@code syntax}, {@code machine}, {@code check},
 * {@code stdlib}, {@code lower} and {@code explore}.
 */
package dev.mmun.session;
