"""What the app reads from files: the policy set, case files and the data shipped with it.

Below the services and beside the domain: these modules parse and validate files into domain
objects and know nothing of the database or the screens.
"""
