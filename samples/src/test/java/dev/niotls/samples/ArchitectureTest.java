package dev.niotls.samples;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The samples run on the class path, where the tls module's descriptor does not hide its internal packages: this
 * checks that they use the API only, with the rule the tls module checks on itself.
 */
class ArchitectureTest {
    @Test
    void theSamplesUseTheTlsApiOnly() {
        dev.niotls.tls.ArchitectureTest.INTERNALS_STAY_INSIDE.check(new ClassFileImporter()
                .importLocations(List.of(dev.niotls.tls.ArchitectureTest.location(Main.class))));
    }
}
