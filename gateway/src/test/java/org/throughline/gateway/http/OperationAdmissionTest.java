package org.throughline.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationAdmissionTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() throws Exception {
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void beyondTheBoundOperationsWaitInOrderOnTheirOwnEventLoopAndBeyondTheQueueAreRefused() throws Exception {
        OperationAdmission admission = new OperationAdmission(2, 1);
        Context own = ((VertxInternal) VERTX).createEventLoopContext();
        List<String> started = new CopyOnWriteArrayList<>();
        CompletableFuture<Context> thirdStartedOn = new CompletableFuture<>();

        assertTrue(admission.admit(own, () -> started.add("first")));
        assertTrue(admission.admit(own, () -> started.add("second")));
        assertTrue(admission.admit(own, () -> {
            started.add("third");
            thirdStartedOn.complete(Vertx.currentContext());
        }));
        assertFalse(admission.admit(own, () -> started.add("fourth")), "the queue holds one");

        assertEquals(List.of("first", "second"), started);
        assertArrayEquals(new int[] {2, 1}, admission.counts());
        admission.finished();
        assertSame(own, thirdStartedOn.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("first", "second", "third"), started);
        assertArrayEquals(new int[] {2, 0}, admission.counts());
        admission.finished();
        admission.finished();
        assertArrayEquals(new int[] {0, 0}, admission.counts());
        assertTrue(admission.admit(own, () -> started.add("fifth")));
        assertEquals(List.of("first", "second", "third", "fifth"), started);
    }
}
