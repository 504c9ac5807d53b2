package dev.niotls.tls.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The names a snapshot keeps are one shared instance per value (issue 10's idle heap), without intern() each time. */
class SessionSnapshotTest {
    @Test
    void equalNamesShareOneInstanceTheInternedOne() {
        String first = new String("www.example.com");
        String second = new String("www.example.com");
        String shared = SessionSnapshot.shared(first);
        assertSame(shared, SessionSnapshot.shared(second));
        assertSame("www.example.com".intern(), shared);
        assertNull(SessionSnapshot.shared(null));
    }

    @Test
    void namesThatShareASlotStayCorrect() {
        for (int i = 0; i < 1000; i++) {
            String name = "host" + i + ".example";
            String shared = SessionSnapshot.shared(new String(name));
            assertEquals(name, shared);
            assertSame(name.intern(), shared);
        }
    }
}
