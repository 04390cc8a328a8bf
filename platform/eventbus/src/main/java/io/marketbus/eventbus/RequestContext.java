package io.marketbus.eventbus;

import java.util.concurrent.Callable;

/**
 * The request id and trace context that caused the work in progress. The web layer binds it for an
 * HTTP request, the consumer for an event; the outbox copies it into every event appended meanwhile,
 * so one id follows a request through the whole saga.
 */
public record RequestContext(String requestId, String traceparent) {

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();
    private static final RequestContext EMPTY = new RequestContext(null, null);

    public static RequestContext current() {
        RequestContext context = CURRENT.get();
        return context == null ? EMPTY : context;
    }

    public <T> T call(Callable<T> work) throws Exception {
        RequestContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            restore(previous);
        }
    }

    public void run(Runnable work) {
        RequestContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            work.run();
        } finally {
            restore(previous);
        }
    }

    private static void restore(RequestContext previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
