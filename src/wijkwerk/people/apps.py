from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Participants and their trajectories (owned by the job coaches of their organisation), training,
    the Participatieladder, and the social value produced (social return on contracts)."""

    name = "wijkwerk.people"
    label = "people"
    verbose_name = "Mensen en sociale waarde"
