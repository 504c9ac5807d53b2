package dev.niotls.bench;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.niotls.bench.common.TlsProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench runs on the class path, where the tls module's descriptor does not hide its internal packages: this
 * checks that the load generator, the JMH benchmarks and the peers use the API only, with the rule the tls module
 * checks on itself.
 */
class ArchitectureTest {
    @Test
    void theBenchUsesTheTlsApiOnly() {
        dev.niotls.tls.ArchitectureTest.INTERNALS_STAY_INSIDE.check(new ClassFileImporter()
                .importLocations(List.of(dev.niotls.tls.ArchitectureTest.location(TlsProfile.class))));
    }
}
