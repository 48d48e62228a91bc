package dev.tributary;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package-by-feature boundaries (docs/architecture.md): every table has one owning package and
 * no other package's SQL names it; packages depend on each other without cycles; a package's public
 * types are used by other packages, and its {@code internal} sub-packages are its own. Read from the
 * compiled classes and the SQL in the sources.
 */
class ModuleBoundariesUnitTests {

    /** Each table and the one package whose SQL may read or write it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("organization", "accounts"), Map.entry("accounts", "accounts"), Map.entry("users", "accounts"),
            Map.entry("account_settings", "accounts"),
            Map.entry("instances", "instances"), Map.entry("instance_tags", "instances"),
            Map.entry("instance_configuration", "instances"), Map.entry("instance_webhooks", "instances"),
            Map.entry("instance_cleanup_failures", "instances"),
            Map.entry("received_webhooks", "ingest"), Map.entry("shop_redactions", "ingest"),
            Map.entry("poll_states", "polling"), Map.entry("polled_objects", "polling"),
            Map.entry("notifications", "delivery"), Map.entry("deliveries", "delivery"),
            Map.entry("object_versions", "delivery"),
            Map.entry("delivery_attempts", "delivery"), Map.entry("callback_subscriptions", "delivery"),
            Map.entry("cluster_nodes", "platform"));

    /** Types a library builds from their name with a public constructor, so they must be public. */
    static final Set<String> BUILT_BY_NAME = Set.of(
            // Tomcat's host makes its error report valve from the class name (TomcatErrorReporting).
            "dev.tributary.platform.web.JsonErrorReportValve");

    static final Path SOURCES = Path.of("src", "main", "java", "dev", "tributary");
    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    static final Pattern SQL_TABLE = Pattern.compile("\\b(?:FROM|INTO|UPDATE|JOIN)\\s+([a-z_]+)\\b");
    static final Pattern CREATED_TABLE = Pattern.compile("CREATE TABLE\\s+([a-z_]+)");

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The emulator shares the dev.tributary namespace but is a module of its own.
            .withImportOption(location -> !location.contains("shopify-emulator"))
            .importPackages("dev.tributary");

    @Test
    void every_table_has_an_owner_and_only_its_owner_names_it_in_sql() {
        Set<String> created = new TreeSet<>();
        for (Path migration : files(MIGRATIONS, ".sql")) {
            Matcher matcher = CREATED_TABLE.matcher(read(migration));
            while (matcher.find()) {
                created.add(matcher.group(1));
            }
        }
        assertThat(OWNERS.keySet()).as("every table the migrations create has an owner here")
                .containsExactlyInAnyOrderElementsOf(created);

        Map<String, Set<String>> namedBy = new TreeMap<>();
        for (Path source : files(SOURCES, ".java")) {
            String module = SOURCES.relativize(source).getName(0).toString();
            Matcher matcher = SQL_TABLE.matcher(read(source));
            while (matcher.find()) {
                if (OWNERS.containsKey(matcher.group(1))) {
                    namedBy.computeIfAbsent(matcher.group(1), t -> new TreeSet<>()).add(module);
                }
            }
        }
        namedBy.forEach((table, modules) -> assertThat(modules).as("packages whose SQL names " + table)
                .containsExactly(OWNERS.get(table)));
        assertThat(namedBy).as("tables found in SQL").containsKeys("deliveries", "notifications", "received_webhooks");
    }

    @Test
    void packages_depend_on_each_other_without_cycles() {
        slices().matching("dev.tributary.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void an_internal_package_is_reached_only_from_its_own_package() {
        List<String> violations = new ArrayList<>();
        for (JavaClass target : CLASSES) {
            String name = target.getPackageName();
            int internal = name.indexOf(".internal");
            if (internal < 0) {
                continue;
            }
            String owner = name.substring(0, internal);
            for (Dependency dependency : target.getDirectDependenciesToSelf()) {
                String from = dependency.getOriginClass().getPackageName();
                if (!from.equals(owner) && !from.startsWith(owner + ".")) {
                    violations.add(dependency.getDescription());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /**
     * A package's public types are what other packages may call; one that no other package uses is
     * made package-private, so the compiler keeps it in. Types the framework finds by name (settings
     * bound from the environment, classes named in resources) are public for it.
     */
    @Test
    void a_packages_public_types_are_used_by_other_packages() {
        String resources = files(Path.of("src", "main", "resources"), "").stream()
                .filter(Files::isRegularFile).map(ModuleBoundariesUnitTests::read)
                .reduce("", String::concat);
        List<String> unused = new ArrayList<>();
        for (JavaClass type : CLASSES) {
            if (!type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                    || type.isNestedClass() || type.isAnonymousClass()
                    || type.getPackageName().equals("dev.tributary")
                    || type.isAnnotatedWith("org.springframework.boot.context.properties.ConfigurationProperties")
                    || resources.contains(type.getName()) || BUILT_BY_NAME.contains(type.getName())) {
                continue;
            }
            String module = moduleOf(type);
            // Constants are copied into the classes that read them, so the sources' imports count too.
            boolean usedElsewhere = type.getDirectDependenciesToSelf().stream()
                    .anyMatch(dependency -> !moduleOf(dependency.getOriginClass()).equals(module))
                    || files(SOURCES, ".java").stream().anyMatch(source -> !moduleOf(source).equals(module)
                            && read(source).contains("import " + type.getName() + ";"));
            if (!usedElsewhere) {
                unused.add(type.getName());
            }
        }
        assertThat(unused).as("public types no other package uses").isEmpty();
    }

    /** The feature package a class belongs to ({@code delivery}, {@code platform.web}). */
    static String moduleOf(JavaClass type) {
        String name = type.getPackageName().substring("dev.tributary".length());
        String[] parts = name.isEmpty() ? new String[0] : name.substring(1).split("\\.");
        if (parts.length == 0) {
            return "";
        }
        return parts[0].equals("platform") && parts.length > 1 ? "platform." + parts[1] : parts[0];
    }

    /** The feature package of a source file, as {@link #moduleOf(JavaClass)} names it. */
    static String moduleOf(Path source) {
        Path relative = SOURCES.relativize(source.getParent());
        String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
        return first.equals("platform") && relative.getNameCount() > 1 ? "platform." + relative.getName(1) : first;
    }

    static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
