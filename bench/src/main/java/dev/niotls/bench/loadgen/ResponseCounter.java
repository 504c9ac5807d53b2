package dev.niotls.bench.loadgen;

import java.nio.ByteBuffer;

/** Counts complete responses in the bytes a connection receives, whatever the split. */
interface ResponseCounter {
    /** Consumes all of {@code data}; returns how many responses it completed. */
    int consume(ByteBuffer data);

    /** Echo: each response is exactly the request's {@code size} bytes. */
    static ResponseCounter echo(int size) {
        return new ResponseCounter() {
            private long received;

            @Override
            public int consume(ByteBuffer data) {
                long before = received / size;
                received += data.remaining();
                data.position(data.limit());
                return (int) (received / size - before);
            }
        };
    }

    /** HTTP/1.1: a head up to CR LF CR LF, then Content-Length bytes of body. */
    static ResponseCounter http() {
        return new HttpResponseCounter();
    }
}
