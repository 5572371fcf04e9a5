"""`samaritan serve`: screen ads at post time over HTTP and keep every piece of evidence."""
