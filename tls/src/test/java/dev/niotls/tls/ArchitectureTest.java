package dev.niotls.tls;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import dev.niotls.reactor.EventLoop;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of issue 13, on the main classes of the reactor and tls modules. The module descriptor keeps
 * code on the module path out of the packages it does not export; these rules also hold inside the tls module,
 * which the descriptor cannot tell apart, and for code on the class path: the samples and the bench check
 * {@link #INTERNALS_STAY_INSIDE} on their own classes.
 */
public final class ArchitectureTest {
    ArchitectureTest() {
        // JUnit makes it; other modules use the rules only
    }

    /**
     * The TLS core (the OpenSSL-twin API, BIOs, engine, context, record layer, events) runs over any Bio and any
     * loop: it knows neither the reactor nor the TLS channels built on it.
     */
    public static final ArchRule CORE_KNOWS_NO_REACTOR = noClasses().that().resideInAPackage("dev.niotls.tls..")
            .and().resideOutsideOfPackage("dev.niotls.tls.reactor..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.niotls.reactor..", "dev.niotls.tls.reactor..")
            .as("the TLS core imports neither the reactor nor dev.niotls.tls.reactor");

    /** The reactor knows nothing of TLS (its module does not read the tls module either). */
    public static final ArchRule REACTOR_KNOWS_NO_TLS = noClasses().that().resideInAPackage("dev.niotls.reactor..")
            .should().dependOnClassesThat().resideInAPackage("dev.niotls.tls..")
            .as("the reactor does not import TLS");

    /**
     * Users, the samples and the bench reach the Bouncy Castle glue, the record layer and the JFR hooks through the
     * API: the packages the module does not export.
     */
    public static final ArchRule INTERNALS_STAY_INSIDE = noClasses().that().resideOutsideOfPackage("dev.niotls.tls..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.niotls.tls.engine..", "dev.niotls.tls.context..",
                    "dev.niotls.tls.record..", "dev.niotls.tls.events..")
            .as("nothing outside dev.niotls.tls.. imports engine, context, record or events");

    /** Dependencies between packages point one way. */
    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.niotls.(**)").should().beFreeOfCycles()
            .as("no import cycle between the packages of dev.niotls");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // The class directories (or jars) of the two modules, not the test classes: tests of a package may use
        // its internals.
        main = new ClassFileImporter().importLocations(List.of(location(EventLoop.class), location(TlsContext.class)));
        assertTrue(main.contain(TlsConnection.class) && main.contain(EventLoop.class), "nothing imported");
    }

    /**
     * Where the classes of {@code type}'s module were loaded from: its classes directory, or its jar when Maven
     * built the module's jar before these tests ran (the reactor's, in a full {@code mvn verify}).
     */
    public static Location location(Class<?> type) {
        try {
            Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(path) ? Location.of(path) : Location.of(new JarFile(path.toFile()));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCoreImportsNoReactor() {
        CORE_KNOWS_NO_REACTOR.check(main);
    }

    @Test
    void theReactorImportsNoTls() {
        REACTOR_KNOWS_NO_TLS.check(main);
    }

    @Test
    void nothingOutsideTheTlsPackagesImportsItsInternals() {
        INTERNALS_STAY_INSIDE.check(main);
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(main);
    }
}
