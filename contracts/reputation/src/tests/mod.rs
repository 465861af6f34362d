mod helpers;
mod negative;
mod positive;
