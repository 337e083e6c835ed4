"""The release sign-off against routine 781659 R12: the verdict, its reports, shards."""
