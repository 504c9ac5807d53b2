package dev.niotls.bench.peers;

import dev.niotls.bench.common.Args;
import dev.niotls.bench.common.TlsProfile;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Netty 4.2 peer: one NIO event loop for accepting and serving (the {@code NioEventLoopGroup(1)} of
 * Netty 4.1), TLS by the JDK provider or by BoringSSL through netty-tcnative, and the same three services
 * as the niotls servers: {@code http} (hello, keep-alive, and {@code GET /bytes/N}) and {@code echo}.
 *
 * <pre>
 * java -cp benchmarks.jar dev.niotls.bench.peers.NettyServer --mode http|echo --provider jdk|openssl
 *     --host 127.0.0.1 --port 8443 --tls 1.3 --cert cert.pem --key key.pem [--session-ticket-keys FILE]
 * </pre>
 */
public final class NettyServer {
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 120_000;

    private NettyServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        TlsProfile profile = args.profile();
        String mode = args.get("mode", "http");
        SslProvider provider = args.get("provider", "jdk").toLowerCase(Locale.ROOT).equals("openssl")
                ? SslProvider.OPENSSL : SslProvider.JDK;
        // The JDK provider takes its key-exchange groups from this property only (JDK-8171279). secp256r1 is
        // there for the TLS 1.2 certificate check (an ECDSA P-256 key needs its curve enabled, else
        // handshake_failure); the clients offer x25519 first and the key exchange stays x25519.
        System.setProperty("jdk.tls.namedGroups", TlsProfile.GROUP + ",secp256r1");
        SslContext ssl = sslContext(args, profile, provider);
        if (args.has("session-ticket-keys")) {
            ticketKeys(ssl, provider, Path.of(args.require("session-ticket-keys")));
        }

        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            ChannelPipeline pipeline = channel.pipeline();
                            SslHandler tls = ssl.newHandler(channel.alloc());
                            // Netty's 10 s default would drop clients of the idle-memory scenario queued behind
                            // thousands of handshakes; niotls and nginx give them as long.
                            tls.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
                            pipeline.addLast(tls);
                            switch (mode) {
                                case "http":
                                    pipeline.addLast(new HttpServerCodec(), new ChunkedWriteHandler(), new NettyHelloHandler());
                                    break;
                                case "echo":
                                    pipeline.addLast(new NettyEchoHandler());
                                    break;
                                default:
                                    throw new IllegalArgumentException("--mode must be http or echo");
                            }
                        }
                    });
            Channel server = bootstrap.bind(args.get("host", "127.0.0.1"), args.getInt("port", 8443)).sync().channel();
            System.out.printf("netty %s server (%s, %s %s) listening on %s%n", mode, provider,
                    profile.protocol(), profile.cipherSuite(), server.localAddress());
            if (provider == SslProvider.OPENSSL) {
                System.out.println("openssl: " + OpenSsl.versionString());
            }
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /**
     * TLS 1.2 session tickets as nginx and niotls get them in the handshakes scenario: BoringSSL through Netty
     * issues none until keys are set, so it gets the first 48 bytes of the run's key file (name, HMAC and AES
     * keys of 16 bytes each, the layout Netty takes); the JDK provider issues tickets under keys of its own
     * by default ({@code jdk.tls.server.enableSessionTicketExtension}).
     */
    private static void ticketKeys(SslContext ssl, SslProvider provider, Path file) throws Exception {
        if (provider != SslProvider.OPENSSL) {
            return;
        }
        byte[] keys = Files.readAllBytes(file);
        if (keys.length < 48) {
            throw new IllegalArgumentException("--session-ticket-keys: " + file + " holds " + keys.length + " bytes, not 48 or more");
        }
        ((OpenSslSessionContext) ssl.sessionContext()).setTicketKeys(new OpenSslSessionTicketKey(
                Arrays.copyOfRange(keys, 0, 16), Arrays.copyOfRange(keys, 16, 32), Arrays.copyOfRange(keys, 32, 48)));
    }

    private static SslContext sslContext(Args args, TlsProfile profile, SslProvider provider) throws Exception {
        if (provider == SslProvider.OPENSSL && !OpenSsl.isAvailable()) {
            throw new IllegalStateException("netty-tcnative is not available", OpenSsl.unavailabilityCause());
        }
        SslContextBuilder builder = SslContextBuilder.forServer(new File(args.require("cert")), new File(args.require("key")))
                .sslProvider(provider)
                .protocols(profile.protocol())
                .ciphers(profile.cipherSuites());
        if (provider == SslProvider.OPENSSL) {
            builder.option(OpenSslContextOption.GROUPS, new String[] {"X25519"});
        }
        return builder.build();
    }
}
