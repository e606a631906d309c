package org.throughline.kpi.connector;

import com.fasterxml.jackson.core.JsonPointer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.connector.source.Credentials;
import org.throughline.kpi.service.KpiNotFoundException;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Defines connectors, refusing at once what could never run: an unknown KPI, a URL that cannot be fetched, SQL that is
 * not a single SELECT, a JSON Pointer that does not compile, a JDBC URL no driver takes or that carries a password or
 * a driver property that loads classes. A credential is accepted as a name only; it is looked up when a run needs it.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class ConnectorService {

    static final int DEFAULT_ROW_CAP = 100_000;
    static final int MAX_ROW_CAP = 5_000_000;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    private static final int MAX_KPI_KEYS = 1000;
    /**
     * JDBC URL properties that make a driver load a class, call out, or write a file (PostgreSQL's driver names them
     * so; CVE-2022-21724 is the socketFactory case), and any password, which belongs in a credential.
     */
    private static final Set<String> REFUSED_PROPERTIES = Set.of("password", "socketfactory", "socketfactoryarg",
            "sslfactory", "sslfactoryarg", "sslhostnameverifier", "sslpasswordcallback",
            "authenticationpluginclassname", "loggerfile", "loggerlevel", "sslpassword");

    static {
        // Registered once with DriverManager, which the service's class loader may not have scanned.
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Inject
    ConnectorRepository repository;

    @Inject
    CurrentUser user;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Connector> connectors() {
        return repository.all();
    }

    /** The connectors that feed each KPI, in the KPIs' order; a KPI fed by none has none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<KpiFeed>> feedsOf(List<Kpi> kpis) {
        return BatchedLoad.childrenOf(kpis.stream().map(kpi -> kpi.id).toList(), repository::feedsOf,
                feed -> feed.kpiId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Connector connector(String id) throws RejectedInputException {
        long key = Inputs.id("id", id);
        return repository.find(key).orElseThrow(() -> new ConnectorNotFoundException("id", "No connector has the id "
                + key + "."));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConnectorRun> runs(String connectorId, Integer limit) throws RejectedInputException {
        Connector connector = connector(connectorId);
        return repository.runs(Long.parseLong(connector.id), Inputs.range("limit", limit == null ? 20 : limit, 1, 500));
    }

    /** Starts or stops a connector's scheduled runs; asked-for runs and backfills stay possible either way. */
    public Connector setEnabled(String id, boolean enabled) throws RejectedInputException {
        long key = Inputs.id("id", id);
        if (!repository.setEnabled(key, enabled)) {
            throw new ConnectorNotFoundException("id", "No connector has the id " + key + ".");
        }
        return repository.find(key).orElseThrow();
    }

    public Connector defineSql(NewSqlConnector input) throws RejectedInputException {
        Connector c = common(input.name, input.kpiId, input.kpiKeys, input.everyMinutes, input.startDay,
                input.lookbackDays, input.rowCap, input.timeoutSeconds, input.username, input.credential);
        c.kind = ConnectorKind.SQL;
        c.auth = c.credential == null ? ConnectorAuth.NONE : ConnectorAuth.PASSWORD;
        c.jdbcUrl = jdbcUrl(input.jdbcUrl);
        c.query = singleSelect(input.query);
        return saved(c);
    }

    public Connector defineHttp(NewHttpConnector input) throws RejectedInputException {
        Connector c = common(input.name, input.kpiId, input.kpiKeys, input.everyMinutes, input.startDay,
                input.lookbackDays, input.rowCap, input.timeoutSeconds, input.username, input.credential);
        c.kind = ConnectorKind.HTTP;
        c.url = httpUrl(input.url);
        c.auth = Objects.requireNonNullElse(input.auth, ConnectorAuth.NONE);
        if (c.auth == ConnectorAuth.PASSWORD) {
            throw new BadInputException("auth", "an HTTP connector authenticates with NONE, BEARER or BASIC");
        }
        if (c.auth != ConnectorAuth.NONE && c.credential == null) {
            throw new BadInputException("credential", "name the credential that " + c.auth + " sends");
        }
        if (c.auth == ConnectorAuth.NONE && c.credential != null) {
            throw new BadInputException("auth", "say how the credential is sent: BEARER or BASIC");
        }
        if (c.auth == ConnectorAuth.BASIC && c.username == null) {
            throw new BadInputException("username", "basic authentication needs the user");
        }
        c.itemsPointer = pointer("itemsPointer", Objects.requireNonNullElse(input.itemsPointer, ""));
        c.dayPointer = pointer("dayPointer", input.dayPointer);
        c.valuePointer = pointer("valuePointer", input.valuePointer);
        c.kpiKeyPointer = input.kpiKeyPointer == null ? null : pointer("kpiKeyPointer", input.kpiKeyPointer);
        c.nextPointer = input.nextPointer == null || input.nextPointer.isBlank() ? null
                : pointer("nextPointer", input.nextPointer);
        if (!c.kpiKeys.isEmpty() && c.kpiKeyPointer == null) {
            throw new BadInputException("kpiKeyPointer", "with kpiKeys, say where each item's KPI key is");
        }
        return saved(c);
    }

    private Connector saved(Connector c) throws RejectedInputException {
        if (repository.findByName(c.name).isPresent()) {
            throw new ConnectorNameTakenException("name", "Another connector is named " + Inputs.shown(c.name) + ".");
        }
        long id = repository.insert(c);
        return repository.find(id).orElseThrow();
    }

    private Connector common(String name, String kpiId, List<ConnectorKpiKey> kpiKeys, Integer everyMinutes,
                             LocalDate startDay, Integer lookbackDays, Integer rowCap, Integer timeoutSeconds,
                             String username, String credential) throws RejectedInputException {
        Connector c = new Connector();
        c.name = Inputs.requiredText("name", name, 200);
        boolean keyed = kpiKeys != null && !kpiKeys.isEmpty();
        if ((kpiId == null) == !keyed) {
            throw new BadInputException("kpiId", "give either kpiId (one KPI) or kpiKeys (a KPI per key), one of them");
        }
        if (kpiId != null) {
            c.kpiId = Long.toString(existingKpi("kpiId", kpiId));
            c.kpiKeys = List.of();
        } else {
            if (kpiKeys.size() > MAX_KPI_KEYS) {
                throw new BadInputException("kpiKeys", "at most " + MAX_KPI_KEYS + " keys");
            }
            Set<String> seen = new HashSet<>();
            c.kpiKeys = new ArrayList<>();
            for (ConnectorKpiKey key : kpiKeys) {
                String text = Inputs.requiredText("kpiKeys.key", key.key, 200);
                if (!seen.add(text)) {
                    throw new BadInputException("kpiKeys.key", "the key " + Inputs.shown(text) + " comes twice");
                }
                c.kpiKeys.add(new ConnectorKpiKey(text, Long.toString(existingKpi("kpiKeys.kpiId", key.kpiId))));
            }
        }
        c.everyMinutes = Inputs.range("everyMinutes", everyMinutes, 1, 10080);
        c.startDay = Inputs.requiredDate("startDay", startDay);
        c.lookbackDays = Objects.requireNonNullElse(Inputs.range("lookbackDays", lookbackDays, 0, 366), 0);
        c.rowCap = Objects.requireNonNullElse(Inputs.range("rowCap", rowCap, 1, MAX_ROW_CAP), DEFAULT_ROW_CAP);
        c.timeoutSeconds = Objects.requireNonNullElse(Inputs.range("timeoutSeconds", timeoutSeconds, 1, 3600),
                DEFAULT_TIMEOUT_SECONDS);
        c.username = Inputs.optionalText("username", username, 200).orElse(null);
        c.credential = Inputs.optionalText("credential", credential, 100).orElse(null);
        if (c.credential != null && !Credentials.NAME.matcher(c.credential).matches()) {
            throw new BadInputException("credential", "is the name of a credential (letters, digits, . _ -), never "
                    + "the secret itself");
        }
        c.createdBy = user.id();
        return c;
    }

    private static long existingKpi(String field, String id) throws RejectedInputException {
        long key = Inputs.id(field, id);
        if (Kpi.findById(key) == null) {
            throw new KpiNotFoundException(field, id);
        }
        return key;
    }

    static String jdbcUrl(String url) throws RejectedInputException {
        String text = Inputs.requiredText("jdbcUrl", url, 2000);
        if (!text.startsWith("jdbc:")) {
            throw new JdbcUrlRefusedException("jdbcUrl", "A JDBC URL starts with jdbc:, such as "
                    + "jdbc:postgresql://host:5432/database.");
        }
        int authority = text.indexOf("//");
        if (authority >= 0) {
            int end = text.indexOf('/', authority + 2);
            String host = end < 0 ? text.substring(authority + 2) : text.substring(authority + 2, end);
            if (host.contains("@")) {
                throw new JdbcUrlRefusedException("jdbcUrl", "The URL carries a user or password; name a credential "
                        + "instead.");
            }
        }
        for (String part : text.split("[?&;]")) {
            int equals = part.indexOf('=');
            String name = (equals < 0 ? part : part.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            if (equals >= 0 && REFUSED_PROPERTIES.contains(name)) {
                throw new JdbcUrlRefusedException("jdbcUrl", "The URL sets " + name + ", which a connector may not: "
                        + (name.equals("password") ? "name a credential instead." : "it loads classes or writes files."));
            }
        }
        try {
            DriverManager.getDriver(text);
        } catch (SQLException e) {
            throw new JdbcUrlRefusedException("jdbcUrl", "No JDBC driver of this deployment takes "
                    + Inputs.shown(text) + " (the PostgreSQL driver ships; the README says how to add another).");
        }
        return text;
    }

    /**
     * One SELECT (or WITH … SELECT): no second statement after a semicolon outside quotes and comments. A WITH that
     * writes passes here and fails at run time, in the read-only transaction.
     */
    static String singleSelect(String query) throws RejectedInputException {
        String text = Inputs.requiredText("query", query, 20000);
        String code = withoutQuotesAndComments(text).stripTrailing();
        while (code.endsWith(";")) {
            code = code.substring(0, code.length() - 1).stripTrailing();
        }
        // The code's positions are the text's: cut there, and trailing semicolons and comments go with it.
        text = text.substring(0, code.length());
        code = code.strip();
        if (code.contains(";")) {
            throw new ConnectorQueryNotSelectException("query", "The query holds more than one statement; a "
                    + "connector runs one SELECT.");
        }
        String first = code.split("[\\s(]+", 2)[0].toLowerCase(Locale.ROOT);
        if (!first.equals("select") && !first.equals("with")) {
            throw new ConnectorQueryNotSelectException("query", "The query starts with " + Inputs.shown(first)
                    + "; a connector runs one SELECT (or WITH … SELECT).");
        }
        return text;
    }

    /**
     * The query with string literals, quoted names, dollar quotes and comments blanked (each character a space, so
     * positions stay), so what is left is code.
     */
    private static String withoutQuotesAndComments(String sql) {
        StringBuilder code = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = i + 1;
                while (end < sql.length() && sql.charAt(end) != c) {
                    end++;
                }
                end++;
            } else if (sql.startsWith("--", i)) {
                end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
            } else if (sql.startsWith("/*", i)) {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
            } else if (c == '$' && sql.indexOf('$', i + 1) > 0
                    && sql.substring(i + 1, sql.indexOf('$', i + 1)).matches("[A-Za-z_]*")) {
                String tag = sql.substring(i, sql.indexOf('$', i + 1) + 1);
                end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? sql.length() : end + tag.length();
            } else {
                code.append(c);
                i++;
                continue;
            }
            end = Math.min(end, sql.length());
            code.append(" ".repeat(end - i));
            i = end;
        }
        return code.toString();
    }

    static String httpUrl(String url) throws RejectedInputException {
        String text = Inputs.requiredText("url", url, 2000);
        URI uri;
        try {
            uri = new URI(text.replace("{from}", "2026-01-01").replace("{to}", "2026-01-31"));
        } catch (URISyntaxException e) {
            throw new ConnectorUrlInvalidException("url", "The URL cannot be parsed: " + Inputs.shown(e.getReason())
                    + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConnectorUrlInvalidException("url", "The URL must be http or https.");
        }
        if (uri.getHost() == null) {
            throw new ConnectorUrlInvalidException("url", "The URL names no host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConnectorUrlInvalidException("url", "The URL carries a user or password; name a credential "
                    + "instead.");
        }
        return text;
    }

    private static String pointer(String field, String pointer) throws RejectedInputException {
        String text = pointer == null ? "" : pointer.strip();
        if (text.length() > 500) {
            throw new BadInputException(field, "may be at most 500 characters long");
        }
        try {
            JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw new ConnectorMappingInvalidException(field, "The JSON Pointer " + Inputs.shown(text)
                    + " does not compile: " + e.getMessage() + " (a JSON Pointer starts with /, as in /data/0/day).");
        }
        if (text.isEmpty() && !field.equals("itemsPointer")) {
            throw new ConnectorMappingInvalidException(field, "The JSON Pointer is empty; point at a field of the "
                    + "item, as in /day.");
        }
        return text;
    }
}
