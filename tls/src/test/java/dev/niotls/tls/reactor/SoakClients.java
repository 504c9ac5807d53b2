package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The client side of {@link SoakTest}, in a JVM of its own (so the server's process holds only the
 * server's descriptors, heap and threads): opens the long-lived connections ({@link HeldConnections}),
 * then runs the churn ({@link ChurnSessions}) on {@code workers} threads for {@code seconds}, waits
 * until the server has cut every stalled connection, closes 70 % of the long-lived ones gracefully
 * and exits with the rest open (the kernel closes them: end of stream without close_notify).
 *
 * <p>Prints progress, then its report ({@code tally ...}, {@code failure ...}, {@code held ...},
 * {@code done}) on stdout, which the test reads from a file.
 *
 * <p>Arguments: {@code host port certificate.pem} then {@link SoakSettings#toArguments()}.
 */
public final class SoakClients {
    private SoakClients() {}

    public static void main(String[] arguments) throws Exception {
        InetSocketAddress server = new InetSocketAddress(arguments[0], Integer.parseInt(arguments[1]));
        Path certificate = Path.of(arguments[2]);
        SoakSettings settings = SoakSettings.parse(arguments, 3);
        exitAnywayAfter(Duration.ofSeconds(settings.seconds() + settings.connections() / 20 + 600));
        long start = System.nanoTime();

        TlsContext tls13 = client(certificate, "TLSv1.3", true);
        TlsContext tls12Full = client(certificate, "TLSv1.2", false);
        TlsContext tls12Resuming = client(certificate, "TLSv1.2", true);
        List<byte[]> hellos = new ArrayList<>();
        for (TlsContext context : List.of(tls13, tls12Full, tls13, tls12Full)) {
            hellos.add(ServerLimitsTest.clientHello(context));
        }

        EventLoopGroup group = new EventLoopGroup(1);
        HeldConnections held = new HeldConnections(group, server, tls13, tls12Full, tls12Resuming, settings.connections(),
                settings.seed());
        held.rampUp(Duration.ofSeconds(120 + settings.connections() / 20));
        say("ramped " + held.established() + " of " + settings.connections() + " in " + millisSince(start) + " ms");

        SoakWatchdog watchdog = new SoakWatchdog(Duration.ofSeconds(60));
        SoakParking parking = new SoakParking();
        daemon("soak-watchdog", watchdog).start();
        daemon("soak-parking", parking).start();
        ChurnSessions sessions = new ChurnSessions(server, tls13, tls12Full, tls12Resuming, hellos, watchdog,
                parking, settings);
        churn(sessions, settings, held, parking);

        long parkDeadline = System.nanoTime() + settings.idleTimeout().plus(settings.closeTimeout())
                .plus(settings.handshakeTimeout()).plusSeconds(60).toNanos();
        while (parking.size() > 0 && System.nanoTime() - parkDeadline < 0) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        say("parked connections left: " + parking.size());
        held.closeGracefully(0.7, Duration.ofSeconds(60));
        watchdog.stop();
        parking.stop();

        for (SoakTally tally : sessions.tallies().values()) {
            tally.reportLines().forEach(SoakClients::say);
        }
        held.tally().reportLines().forEach(SoakClients::say);
        say(held.summary());
        say("done in " + millisSince(start) + " ms");
        System.out.flush();
        // The rest of the long-lived connections end with the process: the kernel closes their sockets.
        Runtime.getRuntime().halt(0);
    }

    private static void churn(ChurnSessions sessions, SoakSettings settings, HeldConnections held, SoakParking parking)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.seconds());
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        List<Thread> workers = new ArrayList<>();
        for (int index = 0; index < settings.workers(); index++) {
            SplittableRandom random = seeds.split();
            Thread worker = daemon("soak-worker-" + index, () -> {
                while (System.nanoTime() - end < 0) {
                    sessions.runCounted(Churn.pick(random), random);
                }
            });
            worker.start();
            workers.add(worker);
        }
        long nextReport = System.nanoTime();
        while (System.nanoTime() - end < 0) {
            if (System.nanoTime() - nextReport >= 0) {
                long ok = 0;
                long failed = 0;
                for (SoakTally tally : sessions.tallies().values()) {
                    ok += tally.okCount();
                    failed += tally.failedCount();
                }
                say("churn: ok=" + ok + " failed=" + failed + " parked=" + parking.size() + " " + held.summary());
                nextReport += TimeUnit.SECONDS.toNanos(5);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(90)); // a hung session is closed by the watchdog at 60 s
        }
        say("churn done");
    }

    private static TlsContext client(Path certificate, String protocol, boolean sessionCache) throws IOException {
        TlsContext.Builder builder = TlsContext.client().trustPem(certificate).serverName("localhost")
                .protocols(protocol).cryptoBackend(TlsContext.CryptoBackend.HYBRID);
        if (!sessionCache) {
            builder.sessionCache(0, Duration.ofMinutes(5));
        }
        return builder.build();
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** If the test that started this process is gone, nothing else would end it. */
    private static void exitAnywayAfter(Duration limit) {
        daemon("soak-deadline", () -> {
            try {
                TimeUnit.MILLISECONDS.sleep(limit.toMillis());
            } catch (InterruptedException interrupted) {
                return;
            }
            say("exit: over the time limit of " + limit);
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }).start();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
    }
}
