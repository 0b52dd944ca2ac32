package io.catalog.domain.product;

import java.util.UUID;

/** The product does not exist or was deleted. */
public class ProductNotFoundException extends RuntimeException {
  public ProductNotFoundException(UUID id) {
    super("product " + id + " not found");
  }
}
