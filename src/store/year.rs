//! Closing a school year: archive, next year, promotion.
