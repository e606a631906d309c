package org.throughline.benchmark.differential;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.throughline.benchmark.FederationBenchmarkSubgraphs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every subgraph of the differential test's supergraphs, in a JVM of their own so that their CPU is not the
 * gateways': the sets of {@link SubgraphSets} on one port under {@code /<set>/<subgraph>}, and the benchmark's four
 * ({@link FederationBenchmarkSubgraphs}) on a second port under {@code /<subgraph>}. Each set's SDL files go to
 * {@code <directory>/<set>/<subgraph>.graphql}.
 *
 * <p>Usage: {@code DifferentialSubgraphs <port> <benchmark port> <directory>}.
 */
public final class DifferentialSubgraphs {

    static final String READY = "Differential subgraphs listening";

    private DifferentialSubgraphs() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DifferentialSubgraphs <port> <benchmark port> <directory>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path directory = Path.of(args[2]);
        FederationBenchmarkSubgraphs.main(new String[]{args[1], directory.resolve(SubgraphSets.BENCHMARK).toString()});
        Map<String, Function<String, String>> handlers = new HashMap<>();
        for (SubgraphSet set : SubgraphSets.all().values()) {
            Path setDirectory = Files.createDirectories(directory.resolve(set.name()));
            for (Subgraph subgraph : set.subgraphs()) {
                handlers.put("/" + set.name() + "/" + subgraph.name(), subgraph.handler());
                Files.writeString(setDirectory.resolve(subgraph.name() + ".graphql"), subgraph.fullSdl());
            }
        }
        HttpServer server = Vertx.vertx().createHttpServer().requestHandler(request -> {
            Function<String, String> handler = handlers.get(request.path());
            if (handler == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.body().onSuccess(body -> {
                try {
                    request.response().putHeader("content-type", "application/json").end(handler.apply(body.toString()));
                } catch (RuntimeException e) {
                    request.response().setStatusCode(400).end(String.valueOf(e.getMessage()));
                }
            });
        });
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.println(READY + " at http://127.0.0.1:" + port + "/<set>/<subgraph>");
    }
}
