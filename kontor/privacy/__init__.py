"""Personal data: found and replaced before text leaves the process."""
