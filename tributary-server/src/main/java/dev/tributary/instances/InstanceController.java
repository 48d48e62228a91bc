package dev.tributary.instances;

import java.util.ArrayList;
import java.util.List;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.paging.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /instances}: connect a shop, list, change and remove connections. */
@RestController
@RequestMapping(path = "/elements/api-v2/instances", produces = MediaType.APPLICATION_JSON_VALUE)
class InstanceController {

    private final InstanceManagement instances;

    InstanceController(InstanceManagement instances) {
        this.instances = instances;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    InstanceView create(Caller caller, @RequestBody JsonNode body) {
        return instances.create(caller, body);
    }

    @GetMapping
    ResponseEntity<List<InstanceView>> list(Caller caller,
            @RequestParam(name = "tags[]", required = false) List<String> tagsWithBrackets,
            @RequestParam(name = "tags", required = false) List<String> tags,
            @RequestParam(required = false) String pageSize, @RequestParam(required = false) String nextPage) {
        List<String> filter = new ArrayList<>();
        if (tagsWithBrackets != null) {
            filter.addAll(tagsWithBrackets);
        }
        if (tags != null) {
            filter.addAll(tags);
        }
        return instances.list(caller, PageRequest.of(pageSize, nextPage), filter).toResponse();
    }

    @GetMapping("/{id}")
    @InstanceScoped
    InstanceView get(Caller caller, @PathVariable long id) {
        return instances.get(caller, id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    InstanceView update(Caller caller, @PathVariable long id, @RequestBody JsonNode body) {
        return instances.update(caller, id, body);
    }

    @DeleteMapping("/{id}")
    InstanceManagement.DeletedInstance delete(Caller caller, @PathVariable long id) {
        return instances.delete(caller, id);
    }

    @GetMapping("/{id}/configuration")
    @InstanceScoped
    List<InstanceManagement.ConfigurationEntry> configuration(Caller caller, @PathVariable long id) {
        return instances.configuration(caller, id);
    }

    @PatchMapping(path = "/{id}/configuration/{configurationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    InstanceManagement.ConfigurationEntry updateConfiguration(Caller caller, @PathVariable long id,
            @PathVariable long configurationId, @RequestBody JsonNode body) {
        return instances.updateConfiguration(caller, id, configurationId, body);
    }
}
