package io.portcullis;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** STYLE.md "Layout": the pure core imports nothing of Spring but PathPattern matching, and nothing of the shell. */
@AnalyzeClasses(packages = "io.portcullis", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreUsesNoSpringBeyondPathPatterns = noClasses()
            .that().resideInAPackage("io.portcullis.policy..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "Spring classes other than PathPattern matching",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("org.springframework")
                            && !c.getPackageName().equals("org.springframework.web.util.pattern")
                            && !c.getFullName().startsWith("org.springframework.http.server.PathContainer")));

    @ArchTest
    static final ArchRule coreDoesNotDependOnShell = noClasses()
            .that().resideInAPackage("io.portcullis.policy..")
            .should().dependOnClassesThat().resideInAPackage("io.portcullis.gateway..");
}
