package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration one packaged application reads, from its build (target/quarkus-app), which is what its image
 * contains:
 * <ul>
 *   <li>Quarkus' own keys: every runtime property that the extensions on its class path document in
 *   META-INF/quarkus-config-doc/quarkus-config-model.json (the model the Quarkus configuration reference is made
 *   from); build-time properties are left out, since setting them on a running application changes nothing;</li>
 *   <li>its own keys: those of its application.properties and of the META-INF/microprofile-config.properties of the
 *   Throughline libraries it packages, every {@code @ConfigProperty} name and every {@code @ConfigMapping} member of
 *   its classes and of those libraries, and the environment variables its properties name in ${...} expressions.</li>
 * </ul>
 * A key is a list of segments, {@code *} standing for a map key (a tenant, a named client, a subgraph).
 */
final class ApplicationConfiguration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DotName CONFIG_PROPERTY = DotName.createSimple(
            "org.eclipse.microprofile.config.inject.ConfigProperty");
    private static final DotName CONFIG_MAPPING = DotName.createSimple("io.smallrye.config.ConfigMapping");
    private static final DotName WITH_NAME = DotName.createSimple("io.smallrye.config.WithName");
    private static final DotName MAP = DotName.createSimple("java.util.Map");
    private static final DotName OPTIONAL = DotName.createSimple("java.util.Optional");
    private static final Pattern EXPRESSION_ENVIRONMENT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:([^}]*))?}");
    private static final Pattern PROFILE = Pattern.compile("%([a-z,]+)\\.(.+)");
    private static final Map<String, ApplicationConfiguration> READ = new ConcurrentHashMap<>();

    /** One line of a properties file: its key without profile, the profile (null for all), its raw value. */
    record Setting(String key, String profile, String value) {
    }

    private final String application;
    private final Set<String> keys = new TreeSet<>();
    private final Set<String> buildTimeKeys = new TreeSet<>();
    private final Set<String> environmentNames = new TreeSet<>();
    private final List<Setting> settings = new ArrayList<>();
    private final Set<String> libraries = new TreeSet<>();

    private ApplicationConfiguration(String application) {
        this.application = application;
    }

    static ApplicationConfiguration of(String application) {
        return READ.computeIfAbsent(application, ApplicationConfiguration::read);
    }

    private static ApplicationConfiguration read(String application) {
        ApplicationConfiguration configuration = new ApplicationConfiguration(application);
        Path app = Repository.quarkusApp(application);
        Indexer indexer = new Indexer();
        try (Stream<Path> jars = Stream.concat(Files.list(app.resolve("app")), Files.list(app.resolve("lib/main")))) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                String name = jar.getFileName().toString();
                configuration.libraries.add(name);
                boolean ours = jar.getParent().endsWith("app") || name.startsWith("org.throughline.");
                try (JarFile file = new JarFile(jar.toFile())) {
                    var model = file.getJarEntry("META-INF/quarkus-config-doc/quarkus-config-model.json");
                    if (model != null) {
                        try (InputStream in = file.getInputStream(model)) {
                            configuration.readModel(JSON.readTree(in));
                        }
                    }
                    if (ours) {
                        for (String properties : List.of("application.properties",
                                "META-INF/microprofile-config.properties")) {
                            var entry = file.getJarEntry(properties);
                            if (entry != null) {
                                try (InputStream in = file.getInputStream(entry)) {
                                    configuration.readProperties(in);
                                }
                            }
                        }
                        var entries = file.entries();
                        while (entries.hasMoreElements()) {
                            var entry = entries.nextElement();
                            if (entry.getName().endsWith(".class")) {
                                try (InputStream in = file.getInputStream(entry)) {
                                    indexer.index(in);
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + app, e);
        }
        configuration.readAnnotations(indexer.complete());
        return configuration;
    }

    String application() {
        return application;
    }

    /** Whether the application packages a library, by the start of its jar's name in lib/main. */
    boolean packages(String jarNamePrefix) {
        return libraries.stream().anyMatch(name -> name.startsWith(jarNamePrefix));
    }

    List<Setting> settings() {
        return settings;
    }

    /** The key an environment variable sets, if the application reads it; the variable's own name for ${NAME}. */
    Optional<String> keyOf(String environmentVariable) {
        if (environmentNames.contains(environmentVariable)) {
            return Optional.of(environmentVariable);
        }
        return keys.stream().filter(key -> matches(environmentVariable, key)).findFirst();
    }

    /** Whether the key is a Quarkus build-time property (fixed when the application was built). */
    boolean isBuildTime(String environmentVariable) {
        return buildTimeKeys.stream().anyMatch(key -> matches(environmentVariable, key));
    }

    /**
     * Whether an environment variable sets a key, by the rule of SmallRye Config (and Quarkus): the key's name in
     * upper case with every character other than a letter or digit replaced by an underscore. A map key segment
     * ({@code *}) stands for any such name.
     */
    static boolean matches(String environmentVariable, String key) {
        if (environmentVariable.equals(key)) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (String segment : key.split("\\.")) {
            if (!regex.isEmpty()) {
                regex.append('_');
            }
            regex.append(segment.equals("*") ? "[A-Z0-9_]+"
                    : Pattern.quote(segment.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        }
        return environmentVariable.matches(regex.toString());
    }

    private void readModel(JsonNode model) {
        model.path("configRoots").forEach(root -> readModelItems(root.path("items")));
    }

    private void readModelItems(JsonNode items) {
        for (JsonNode item : items) {
            if (item.has("phase")) {
                Set<String> into = item.path("phase").asText().equals("RUN_TIME") ? keys : buildTimeKeys;
                into.add(modelKey(item.path("path").path("property").asText()));
                item.path("additionalPaths").forEach(path -> into.add(modelKey(path.path("property").asText())));
            } else {
                readModelItems(item.path("items"));
            }
        }
    }

    /** quarkus.oidc."tenant".auth-server-url becomes quarkus.oidc.*.auth-server-url. */
    private static String modelKey(String property) {
        return property.replaceAll("\"[^\"]*\"", "*").replace("[*]", "");
    }

    private void readProperties(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        for (String name : properties.stringPropertyNames()) {
            String value = properties.getProperty(name);
            Matcher profile = PROFILE.matcher(name);
            Setting setting = profile.matches() ? new Setting(profile.group(2), profile.group(1), value)
                    : new Setting(name, null, value);
            settings.add(setting);
            keys.add(setting.key());
            Matcher environment = EXPRESSION_ENVIRONMENT.matcher(value);
            while (environment.find()) {
                environmentNames.add(environment.group(1));
            }
        }
    }

    private void readAnnotations(Index index) {
        for (AnnotationInstance property : index.getAnnotations(CONFIG_PROPERTY)) {
            if (property.value("name") != null) {
                keys.add(property.value("name").asString());
            }
        }
        for (AnnotationInstance mapping : index.getAnnotations(CONFIG_MAPPING)) {
            readMapping(index, mapping.target().asClass(), mapping.value("prefix").asString());
        }
    }

    /** The members of a {@code @ConfigMapping} interface, as SmallRye names them (kebab case, or @WithName). */
    private void readMapping(Index index, ClassInfo mapping, String prefix) {
        for (MethodInfo method : mapping.methods()) {
            if (method.parametersCount() != 0 || Modifier.isStatic(method.flags())
                    || !Modifier.isAbstract(method.flags())) {
                continue;
            }
            AnnotationInstance withName = method.annotation(WITH_NAME);
            String name = withName != null ? withName.value().asString()
                    : method.name().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            readMember(index, prefix + "." + name, method.returnType());
        }
    }

    private void readMember(Index index, String key, Type type) {
        if (type.kind() == Type.Kind.PARAMETERIZED_TYPE && type.name().equals(MAP)) {
            readMember(index, key + ".*", type.asParameterizedType().arguments().get(1));
        } else if (type.kind() == Type.Kind.PARAMETERIZED_TYPE && type.name().equals(OPTIONAL)) {
            readMember(index, key, type.asParameterizedType().arguments().get(0));
        } else if (index.getClassByName(type.name()) != null && index.getClassByName(type.name()).isInterface()) {
            readMapping(index, index.getClassByName(type.name()), key);
        } else {
            keys.add(key);
        }
    }

    /** The application's settings as the production profile sees them: %prod over the unprofiled ones. */
    Map<String, String> productionValues() {
        Map<String, String> values = new LinkedHashMap<>();
        settings.stream().filter(setting -> setting.profile() == null)
                .forEach(setting -> values.put(setting.key(), setting.value()));
        settings.stream().filter(setting -> "prod".equals(setting.profile()))
                .forEach(setting -> values.put(setting.key(), setting.value()));
        return values;
    }

    static Pattern environmentExpression() {
        return EXPRESSION_ENVIRONMENT;
    }
}
