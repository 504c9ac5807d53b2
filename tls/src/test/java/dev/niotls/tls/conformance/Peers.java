package dev.niotls.tls.conformance;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.PumpSide;
import java.io.IOException;

/**
 * A client and a server connection over one {@link Link}, with connect/accept state set: the fixture of
 * every conformance test. Open with {@code Peers.over(version, transport)} and configure modes and
 * options per side before {@link Builder#open()}.
 */
final class Peers implements AutoCloseable {
    final String version;
    final Transport transport;
    final Link link;
    final TlsContext serverContext;
    final TlsContext clientContext;
    final TlsConnection client;
    final TlsConnection server;
    private Pump pump;

    private Peers(Builder builder, Link link) {
        this.version = builder.version;
        this.transport = builder.transport;
        this.link = link;
        this.serverContext = Contexts.server(version, builder.serverModes, builder.serverOptions);
        this.clientContext = Contexts.client(serverContext, version, builder.clientModes, builder.clientOptions);
        this.client = clientContext.newConnection(link.clientBio);
        this.server = serverContext.newConnection(link.serverBio);
        client.setConnectState();
        server.setAcceptState();
    }

    static Builder over(String version, Transport transport) {
        return new Builder(version, transport);
    }

    /** The default peers for {@code version} over {@code transport}. */
    static Peers open(String version, Transport transport) {
        return over(version, transport).open();
    }

    /** The single-threaded driver of both connections (non-blocking transports only). */
    Pump pump() {
        if (transport.isBlocking()) {
            throw new IllegalStateException("a blocking transport needs one thread per side");
        }
        if (pump == null) {
            pump = new Pump(client, server);
        }
        return pump;
    }

    TlsConnection writer(Role role) {
        return role.clientWrites() ? client : server;
    }

    TlsConnection reader(Role role) {
        return role.clientWrites() ? server : client;
    }

    PumpSide writerSide(Role role) {
        return role.clientWrites() ? pump().client() : pump().server();
    }

    PumpSide readerSide(Role role) {
        return role.clientWrites() ? pump().server() : pump().client();
    }

    /** Bytes the writer has put in the pair that the reader has not read yet (pairs only). */
    int inFlightToReader(Role role) {
        return role.clientWrites() ? link.inFlightToServer() : link.inFlightToClient();
    }

    /** Bytes the reader has put in the pair that the writer has not read yet (pairs only). */
    int inFlightToWriter(Role role) {
        return role.clientWrites() ? link.inFlightToClient() : link.inFlightToServer();
    }

    @Override
    public void close() throws IOException {
        link.close();
    }

    @Override
    public String toString() {
        return version + " over " + transport;
    }

    /** Modes and options per side; everything else is SPEC section 1's default. */
    static final class Builder {
        private final String version;
        private final Transport transport;
        private TlsMode[] serverModes = new TlsMode[0];
        private TlsMode[] clientModes = new TlsMode[0];
        private TlsOption[] serverOptions = new TlsOption[0];
        private TlsOption[] clientOptions = new TlsOption[0];
        private Link link;

        private Builder(String version, Transport transport) {
            this.version = version;
            this.transport = transport;
        }

        Builder serverModes(TlsMode... modes) {
            this.serverModes = modes;
            return this;
        }

        Builder clientModes(TlsMode... modes) {
            this.clientModes = modes;
            return this;
        }

        Builder serverOptions(TlsOption... options) {
            this.serverOptions = options;
            return this;
        }

        Builder clientOptions(TlsOption... options) {
            this.clientOptions = options;
            return this;
        }

        /** Modes for the side that writes in {@code role}. */
        Builder writerModes(Role role, TlsMode... modes) {
            return role.clientWrites() ? clientModes(modes) : serverModes(modes);
        }

        /** Modes for the side that reads in {@code role}. */
        Builder readerModes(Role role, TlsMode... modes) {
            return role.clientWrites() ? serverModes(modes) : clientModes(modes);
        }

        Builder readerOptions(Role role, TlsOption... options) {
            return role.clientWrites() ? serverOptions(options) : clientOptions(options);
        }

        /** Uses {@code link} instead of opening the transport (custom capacities, tampering BIOs). */
        Builder link(Link link) {
            this.link = link;
            return this;
        }

        Peers open() {
            return new Peers(this, link != null ? link : Link.open(transport));
        }
    }
}
