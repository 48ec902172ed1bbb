package dev.mmun.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The JUnit report's class and test names, made from the files' paths. */
class SuiteJunitNamesTest {
    @Test
    void junitNamesFromPaths() {
        assertEquals("samples.kernel", SuiteJunit.classname("samples/kernel/cow.mmun"));
        assertEquals("mmun", SuiteJunit.classname("cow.mmun"));
        assertEquals("tmp.x_y", SuiteJunit.classname("/tmp/x.y/cow.mmun"));
        assertEquals("cow", SuiteJunit.name("samples/kernel/cow.mmun"));
    }
}
