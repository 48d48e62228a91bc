package dev.tributary;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Tributary: a self-hosted Shopify event hub. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TributaryApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(TributaryApplication.class, args);
        } catch (SpringApplication.AbandonedRunException e) {
            throw e;
        } catch (RuntimeException e) {
            // Spring Boot has logged the failure (one line when analyzed). Exit now, with a status
            // that says so, rather than wait on threads the failed start left behind.
            System.exit(1);
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
