package io.darkroom.api.image;

import io.darkroom.api.paging.PageMeta;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Serdeable
@Schema(name = "ImagePage")
public record ImagePage(List<ImageResponse> data, PageMeta meta) {}
