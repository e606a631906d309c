package org.throughline.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Stands in for a packaged Quarkus application in {@link ServiceProcessTest}: listens on {@code quarkus.http.port}
 * (0: where the system puts it), says where as Quarkus does, and answers its health checks.
 */
public final class ListeningApplication {

    private ListeningApplication() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.getInteger("quarkus.http.port", 8080)), 0);
        server.createContext("/", ListeningApplication::answer);
        server.start();
        System.out.println("fake-service on JVM started in 0.1s. Listening on: http://127.0.0.1:"
                + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }
}
