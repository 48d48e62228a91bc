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
        SpringApplication.run(TributaryApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
