/*
 * hsclient: the handshake client of bench/run.sh (issue 11). One process, one thread, epoll: CONNECTIONS
 * non-blocking TLS connections in flight at once, each a fresh SSL (SSL_new), a handshake (SSL_connect), one
 * HTTP/1.0 "GET /" read to the end (the server closes, as for openssl s_time -www /), then the next connection
 * in its place, for SECONDS.
 *
 *   hsclient HOST PORT CONNECTIONS SECONDS new|reuse
 *
 * new:   never offers a session: every handshake is full (s_time -new).
 * reuse: offers the session of its first completed connection on every later one (s_time -reuse).
 * Protocol, suites, groups and whether a ticket is asked for come from OPENSSL_CONF, as for every OpenSSL
 * client of the run. The certificate is not verified (SSL_VERIFY_NONE, as s_time), but TLS 1.3's
 * CertificateVerify and TLS 1.2's ServerKeyExchange signatures are checked all the same.
 *
 * Prints one line: "RESULT full=N resumed=N errors=N seconds=S cpu_s=S" (cpu_s: this process's user + system
 * time over the measured window). Each connection is counted once, when its response was read to the end,
 * as full or resumed by SSL_session_reused(). Exit status 1 when no connection completed.
 *
 * Why not s_time: 16 s_time processes spend about 2 ms of client CPU per full handshake (a process switch,
 * a name look-up and a blocking socket per connection), which made the client, not the server, the limit.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char REQUEST[] = "GET / HTTP/1.0\r\n\r\n";

enum state { CONNECTING, HANDSHAKING, WRITING, READING };

struct conn {
    int fd;
    SSL *ssl;
    enum state state;
    int got_response; /* the response began with "HTTP/1." */
    int head_len;
    char head[8];
};

static SSL_CTX *ctx;
static SSL_SESSION *saved; /* reuse: the session offered on every connection */
static int reuse;
static int priming; /* reuse: the first connection, alone, whose session all others offer */
static int epfd;
static struct sockaddr_in address;
static long full, resumed, errors;
static char *last_error;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void note_error(const char *what) {
    char buffer[256];
    unsigned long code = ERR_peek_last_error();
    snprintf(buffer, sizeof buffer, "%s: %s (errno %d)", what, code ? ERR_error_string(code, NULL) : "-", errno);
    free(last_error);
    last_error = strdup(buffer);
    ERR_clear_error();
    errors++;
}

static void watch(struct conn *c, uint32_t events, int op) {
    struct epoll_event event = {.events = events, .data.ptr = c};
    if (epoll_ctl(epfd, op, c->fd, &event) != 0) {
        perror("epoll_ctl");
        exit(2);
    }
}

static void finish(struct conn *c) {
    if (c->ssl) {
        /* As s_time: no close_notify of ours (the server closed first), and the session stays resumable:
         * SSL_free drops a session from reuse unless the shutdown is marked sent. */
        SSL_set_shutdown(c->ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
    if (c->fd >= 0) {
        close(c->fd); /* also takes it out of the epoll set */
        c->fd = -1;
    }
}

static void start(struct conn *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) {
        perror("socket");
        exit(2);
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->ssl = SSL_new(ctx);
    SSL_set_fd(c->ssl, c->fd);
    SSL_set_tlsext_host_name(c->ssl, "localhost");
    if (reuse && saved) {
        SSL_set_session(c->ssl, saved);
    }
    c->got_response = 0;
    c->head_len = 0;
    if (connect(c->fd, (struct sockaddr *) &address, sizeof address) == 0) {
        c->state = HANDSHAKING;
        watch(c, EPOLLOUT, EPOLL_CTL_ADD);
    } else if (errno == EINPROGRESS) {
        c->state = CONNECTING;
        watch(c, EPOLLOUT, EPOLL_CTL_ADD);
    } else {
        note_error("connect");
        finish(c);
        start(c);
    }
}

/* Waits for what the last SSL call wanted; returns 0, or -1 when the call failed. */
static int want(struct conn *c, int result, const char *what) {
    int error = SSL_get_error(c->ssl, result);
    if (error == SSL_ERROR_WANT_READ) {
        watch(c, EPOLLIN, EPOLL_CTL_MOD);
        return 0;
    }
    if (error == SSL_ERROR_WANT_WRITE) {
        watch(c, EPOLLOUT, EPOLL_CTL_MOD);
        return 0;
    }
    note_error(what);
    return -1;
}

/* One connection done (response read to the end, or failed): counted, replaced by the next. */
static void done(struct conn *c, int ok) {
    if (ok) {
        if (SSL_session_reused(c->ssl)) {
            resumed++;
        } else {
            full++;
        }
        if (reuse && !saved) {
            saved = SSL_get1_session(c->ssl);
        }
    }
    finish(c);
    if (!priming) {
        start(c);
    }
}

static void step(struct conn *c) {
    int result;
    char buffer[16384];
    switch (c->state) {
    case CONNECTING: {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            errno = error;
            note_error("connect");
            done(c, 0);
            return;
        }
        c->state = HANDSHAKING;
    } /* fall through */
    case HANDSHAKING:
        result = SSL_connect(c->ssl);
        if (result != 1) {
            if (want(c, result, "handshake") != 0) {
                done(c, 0);
            }
            return;
        }
        c->state = WRITING;
        /* fall through */
    case WRITING:
        result = SSL_write(c->ssl, REQUEST, sizeof REQUEST - 1);
        if (result <= 0) {
            if (want(c, result, "write") != 0) {
                done(c, 0);
            }
            return;
        }
        c->state = READING;
        /* fall through */
    case READING:
        for (;;) {
            result = SSL_read(c->ssl, buffer, sizeof buffer);
            if (result > 0) {
                if (c->head_len < (int) sizeof c->head) {
                    int take = result < (int) sizeof c->head - c->head_len ? result : (int) sizeof c->head - c->head_len;
                    memcpy(c->head + c->head_len, buffer, take);
                    c->head_len += take;
                    c->got_response = c->head_len >= 7 && memcmp(c->head, "HTTP/1.", 7) == 0;
                }
                continue;
            }
            int error = SSL_get_error(c->ssl, result);
            if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
                watch(c, error == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT, EPOLL_CTL_MOD);
                return;
            }
            /* The end: close_notify (ZERO_RETURN) or the server's TCP close without it (SYSCALL or SSL with
             * "unexpected eof"), both the end of an HTTP/1.0 response. */
            if (!c->got_response) {
                note_error("response");
            }
            ERR_clear_error();
            done(c, c->got_response);
            return;
        }
    }
}

/* The EC key method of the legacy code, offered by an engine of our own: see legacy_ec_keys(). */
static int ec_pkey_meths(ENGINE *engine, EVP_PKEY_METHOD **method, const int **nids, int nid) {
    static const int ids[] = {EVP_PKEY_EC};
    (void) engine;
    if (method == NULL) {
        *nids = ids;
        return 1;
    }
    *method = nid == EVP_PKEY_EC ? (EVP_PKEY_METHOD *) EVP_PKEY_meth_find(EVP_PKEY_EC) : NULL;
    return *method != NULL;
}

/*
 * OpenSSL 3.0 decodes the public key of every certificate it parses through OSSL_DECODER_CTX_new_for_pkey,
 * which builds its decoder chain anew each time: a fifth of this client's CPU per full handshake. When an
 * engine is registered for the key's type, X509_PUBKEY decoding takes the legacy route instead (x_pubkey.c,
 * x509_pubkey_decode), the same EC code without the look-ups. The signature check itself stays OpenSSL's.
 */
static void legacy_ec_keys(void) {
    ENGINE *engine = ENGINE_new();
    if (!engine || !ENGINE_set_id(engine, "hsclient-ec") || !ENGINE_set_name(engine, "legacy EC key decoding")
            || !ENGINE_set_pkey_meths(engine, ec_pkey_meths) || !ENGINE_register_pkey_meths(engine)) {
        fprintf(stderr, "hsclient: no legacy EC engine; certificates decode the slow way\n");
        ERR_clear_error();
    }
}

int main(int argc, char **argv) {
    if (argc != 6 || (strcmp(argv[5], "new") != 0 && strcmp(argv[5], "reuse") != 0)) {
        fprintf(stderr, "usage: hsclient HOST PORT CONNECTIONS SECONDS new|reuse\n");
        return 2;
    }
    int connections = atoi(argv[3]);
    double seconds = atof(argv[4]);
    reuse = strcmp(argv[5], "reuse") == 0;
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short) atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &address.sin_addr) != 1 || connections < 1 || seconds <= 0) {
        fprintf(stderr, "hsclient: bad host, connections or seconds\n");
        return 2;
    }
    if (getenv("HSCLIENT_DECODERS") == NULL) {
        legacy_ec_keys();
    }
    ctx = SSL_CTX_new(TLS_client_method()); /* reads OPENSSL_CONF's system_default section */
    if (!ctx) {
        ERR_print_errors_fp(stderr);
        return 2;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    /* Sessions are offered only by hand (reuse); the context caches none of its own. */
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    epfd = epoll_create1(0);
    struct conn *conns = calloc(connections, sizeof *conns);
    struct epoll_event *events = calloc(connections, sizeof *events);
    if (reuse) {
        /* One connection alone first: otherwise every connection started before a session exists would be
         * a full handshake in a resumed run. Not counted. */
        priming = 1;
        conns[0].fd = -1;
        start(&conns[0]);
        double give_up = now() + 30;
        while (conns[0].fd >= 0 && now() < give_up) {
            int ready = epoll_wait(epfd, events, 1, 1000);
            for (int i = 0; i < ready; i++) {
                step(events[i].data.ptr);
            }
        }
        priming = 0;
        if (!saved) {
            fprintf(stderr, "hsclient: the first connection made no session to reuse%s%s\n", last_error ? ": " : "",
                    last_error ? last_error : "");
            return 1;
        }
        full = resumed = errors = 0;
    }
    double started = now(), cpu_started = cpu_seconds(), deadline = started + seconds;
    for (int i = 0; i < connections; i++) {
        conns[i].fd = -1;
        start(&conns[i]);
    }
    double ended;
    for (;;) {
        double left = deadline - now();
        if (left <= 0) {
            ended = now();
            break;
        }
        int ready = epoll_wait(epfd, events, connections, (int) (left * 1000) + 1);
        if (ready < 0 && errno != EINTR) {
            perror("epoll_wait");
            return 2;
        }
        for (int i = 0; i < ready; i++) {
            step(events[i].data.ptr);
        }
    }
    double cpu = cpu_seconds() - cpu_started;
    /* Connections still in flight at the deadline are not counted. */
    for (int i = 0; i < connections; i++) {
        finish(&conns[i]);
    }
    printf("RESULT full=%ld resumed=%ld errors=%ld seconds=%.3f cpu_s=%.3f\n", full, resumed, errors,
           ended - started, cpu);
    if (last_error) {
        fprintf(stderr, "hsclient: %ld errors, the last: %s\n", errors, last_error);
    }
    return full + resumed > 0 ? 0 : 1;
}
