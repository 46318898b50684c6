"""The regions of the dispatch screen, one widget each: the log heading, the units to send, the
appointment slots, the queue and the advice given; the screen opens the ones the grade uses."""
