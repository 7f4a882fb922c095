"""The iCloud Photos guide in Spanish: every string of version 3 (migration 0027)
written as a Spanish support page would put it, kept as the guide's Spanish
translation and published as its Spanish version 1, found by Spanish searches; and
its topic (0024) named and described in Spanish, unless staff have done so.

It runs only where version 3 is live as 0027 published it, every string still reading
as 0017, 0027 and 0002 wrote it, and the guide has no Spanish translation yet: a guide
whose staff have published since, or have started a Spanish translation of their own,
is left as it is. A draft edited since 0027 is no reason to stop: the translation
follows the live version, and staff see "needs translation" once they publish.

The version is built as Translation.publish builds it, with the app's own pure
functions (the translated record, its Markdown rendered, the check before Publish).
The Spanish is looked up by the English string it translates, so the step and answer
keys that differ between databases (see 0017) need no table of their own.

Spanish as visitors in Spain read it, addressed as *tú* like the rest of the site, with
Apple's Spanish names: Ajustes, Batería, Modo de bajo consumo, Datos móviles,
Opciones de datos móviles, Modo de datos reducidos, Cuenta de Apple (formerly ID de
Apple), Fotos en iCloud, Sincronizar este iPhone, Sincronizar ahora, fototeca,
General > Actualización de software, Estado del sistema, Soporte técnico de Apple and
"pedir cita en el Genius Bar". The update step names where Software Update is, which the
English leaves out.
"""

from importlib import import_module

from django.db import migrations
from django.db.models import Max

from troubleshooter import content, translation
from troubleshooter.markdown import render_markdown

seed = import_module("troubleshooter.migrations.0002_icloud_photos_guide")
for_ios_18 = import_module("troubleshooter.migrations.0017_icloud_guide_for_ios_18")
with_symptoms = import_module("troubleshooter.migrations.0027_icloud_guide_symptoms")
history = import_module("troubleshooter.migrations.0035_translation_history_and_reviews")

SLUG = seed.SLUG
LANGUAGE = "es"
NOTE = (
    "First Spanish version: every string of version 3 for visitors in Spain, with "
    "Apple's Spanish names for settings and the Genius Bar."
)

# The guide's title and summary (0002, 0017), English then Spanish.
GUIDE = [
    (
        "iCloud Photos isn't syncing on my iPhone",
        "Fotos en iCloud no se sincroniza en mi iPhone",
    ),
    (
        for_ios_18.SUMMARY,
        "Las fotos nuevas no llegan a tus otros dispositivos o la fototeca parece "
        "desactualizada. Primero van las comprobaciones rápidas y después, las "
        "soluciones que llevan más tiempo.",
    ),
]

# What the visitor sees, in 0027's order.
SYMPTOMS = [
    "El almacenamiento de iCloud está lleno",
    "Sincronización en pausa",
    "Las fotos no terminan de subirse",
    "Faltan fotos nuevas en mis otros dispositivos",
]

# The steps in 0017's order: (title, where to tap, instructions).
STEPS = [
    (
        "Lee la línea de estado al final de Fotos",
        "Fotos",
        """\
Al final de la fototeca, Fotos muestra una línea de estado que explica qué está
haciendo iCloud. Abre **Fotos** y desplázate hasta abajo del todo para leerla.

- **Si se están sincronizando elementos:** las fotos van de camino. Dales tiempo
  y vuelve a mirar más tarde.
- **Si la sincronización está en pausa:** la línea indica el motivo, como el Modo
  de bajo consumo o el Modo de datos reducidos. Los pasos siguientes se ocupan de
  cada uno.
- **Si aparece Sincronizar ahora** junto al mensaje: tócalo para sincronizar en ese
  momento.
- **Si está esperando para sincronizar:** comprueba que el iPhone tiene conexión a
  internet y espera unos minutos.

Mientras tanto, no desactives Fotos en iCloud.""",
    ),
    (
        "Desactiva el Modo de bajo consumo",
        "Ajustes > Batería",
        """\
Con el Modo de bajo consumo activado, o con poca batería, el iPhone deja de
sincronizar Fotos en iCloud durante un tiempo.

Ve a **Ajustes > Batería** y desactiva **Modo de bajo consumo**. También puedes
conectar el iPhone a la corriente: el Modo de bajo consumo se desactiva solo en
cuanto la batería tiene carga suficiente.

Si prefieres dejarlo activado y sincronizar de todos modos, toca **Sincronizar
ahora** junto a la línea de estado de Fotos.""",
    ),
    (
        "Comprueba la conexión y el Modo de datos reducidos",
        "Ajustes > Wi-Fi",
        """\
Fotos en iCloud necesita conexión a internet. Abre una página nueva en Safari para
comprobar que el iPhone está conectado.

El Modo de datos reducidos también pone en pausa Fotos en iCloud. La red Wi-Fi y los
datos móviles tienen cada uno su propio ajuste, así que revisa los dos:

- **Wi-Fi:** ve a **Ajustes > Wi-Fi**, toca el botón de **información** junto a tu
  red y desactiva **Modo de datos reducidos**.
- **Datos móviles:** ve a **Ajustes > Datos móviles > Opciones de datos móviles** y
  desactiva **Modo de datos reducidos** (en algunos iPhone se elige en **Modo de
  datos**). Si usas dos SIM, revisa cada línea.

Para sincronizar sin cambiar estos ajustes, toca **Sincronizar ahora** junto a la
línea de estado de Fotos.""",
    ),
    (
        "Comprueba tu Cuenta de Apple y el ajuste de Fotos en iCloud",
        "Ajustes > [tu nombre] > iCloud > Fotos",
        """\
Las fotos solo se sincronizan entre dispositivos que han iniciado sesión en iCloud
con la **misma Cuenta de Apple**. Abre **Ajustes** y toca tu nombre, arriba del todo,
para ver qué Cuenta de Apple usa este iPhone. Si no es la de tus otros dispositivos,
o no has iniciado sesión, inicia sesión con la Cuenta de Apple que usas en todos
ellos.

Después toca **iCloud** y luego **Fotos**, y comprueba que **Sincronizar este
iPhone** está activado.""",
    ),
    (
        "Comprueba el almacenamiento de iCloud",
        "Ajustes > [tu nombre] > iCloud",
        """\
Las fotos y los vídeos de Fotos en iCloud ocupan tu almacenamiento de iCloud. Cuando
se llena, los nuevos ya no se sincronizan, y la línea de estado de Fotos lo avisa.

Los ajustes de iCloud están en **Ajustes > [tu nombre] > iCloud**. Si el
almacenamiento está lleno o casi, borra de iCloud lo que ya no te haga falta o amplía
tu almacenamiento. Luego vuelve a leer la línea de estado.""",
    ),
    (
        "Reinicia el iPhone",
        "",
        """\
Apaga el iPhone, espera unos segundos y vuelve a encenderlo. Luego abre Fotos y lee
la línea de estado.""",
    ),
    (
        "Actualiza iOS",
        "",
        """\
Si el iPhone no tiene todavía la última actualización de iOS, instálala desde
**Ajustes > General > Actualización de software**. Luego abre Fotos y lee la línea
de estado.""",
    ),
    (
        "Deja el iPhone cargando con Wi-Fi",
        "Ajustes > Wi-Fi",
        """\
Fotos en iCloud puede esperar a que haya batería suficiente y a que haya Wi-Fi.
Conecta el iPhone a la corriente, comprueba que está conectado a una red Wi-Fi y
déjalo así un rato; con una conexión lenta, la sincronización tarda más. Luego vuelve
a leer la línea de estado de Fotos.""",
    ),
    (
        "Consulta la página Estado del sistema de Apple",
        "",
        """\
A veces el problema no está en tu iPhone, sino en Apple. Abre la página
[Estado del sistema](https://www.apple.com/es/support/systemstatus/) de Apple y mira
si indica algún problema con Fotos o con otro servicio de iCloud. Si es así, espera a
que Apple lo dé por resuelto y vuelve a leer la línea de estado de Fotos.""",
    ),
]

# The two choices every step offers (0017).
CHOICES = [
    (for_ios_18.FIXED, "Sí, se ha solucionado"),
    (for_ios_18.NOT_FIXED, "No, sigue sin funcionar"),
]

# The fallback page (0002, 0017): heading, text and its two buttons, in order.
FALLBACK = [
    ("Get help at a Genius Bar", "Pide ayuda en el Genius Bar"),
    (
        for_ios_18.FALLBACK_TEXT,
        """\
Ya has probado todas las soluciones de esta guía, así que es el momento de que Apple
le eche un vistazo. Pide cita en el **Genius Bar** de una Apple Store o contacta con
el Soporte técnico de Apple por internet. Lleva tu iPhone y ten a mano la contraseña
de tu Cuenta de Apple.

Enséñales tu código de referencia para que vean lo que ya has probado.""",
    ),
    ("Book a Genius Bar appointment", "Pedir cita en el Genius Bar"),
    ("Contact Apple Support", "Contactar con el Soporte técnico de Apple"),
]


def in_spanish() -> dict[str, str]:
    """Each English string of version 3, as comparisons read it, with its Spanish."""
    pairs = GUIDE + CHOICES + FALLBACK
    english_symptoms = [text for _, text, _ in with_symptoms.SYMPTOMS]
    pairs += list(zip(english_symptoms, SYMPTOMS, strict=True))
    for (_, *english), spanish in zip(for_ios_18.STEPS, STEPS, strict=True):
        pairs += [pair for pair in zip(english, spanish, strict=True) if pair[0]]
    return {content.comparable(english): spanish for english, spanish in pairs}


def spanish_texts(source: dict) -> dict[str, str] | None:
    """A translation's texts for a content record: each string's Spanish, by its key.
    None if a string is not one this migration translates."""
    known = in_spanish()
    texts = {}
    for key, english in translation.strings(source).items():
        spanish = known.get(content.comparable(english))
        if spanish is None:
            return None
        texts[key] = spanish
    return texts


# The guide's topic (0024), in Spanish, as the home and topic pages show it.
TOPIC_SLUG = "icloud-and-photos"
TOPIC_IN_SPANISH = {
    "name": "iCloud y Fotos",
    "description": "Cuando las fotos, las copias de seguridad u otros datos de iCloud no "
    "se sincronizan entre tu iPhone e iCloud.",
}


def topic_forwards(apps) -> None:
    """The topic's Spanish, unless staff have written their own."""
    Topic = apps.get_model("troubleshooter", "Topic")
    topic = Topic.objects.filter(slug=TOPIC_SLUG).first()
    if topic is None or LANGUAGE in topic.translations:
        return
    topic.translations = {**topic.translations, LANGUAGE: TOPIC_IN_SPANISH}
    topic.save(update_fields=["translations", "updated_at"])


def topic_backwards(apps) -> None:
    Topic = apps.get_model("troubleshooter", "Topic")
    topic = Topic.objects.filter(slug=TOPIC_SLUG).first()
    if topic is None or topic.translations.get(LANGUAGE) != TOPIC_IN_SPANISH:
        return  # staff's own Spanish
    topic.translations = {k: v for k, v in topic.translations.items() if k != LANGUAGE}
    topic.save(update_fields=["translations", "updated_at"])


def forwards(apps, schema_editor):
    topic_forwards(apps)
    guide_forwards(apps)


def backwards(apps, schema_editor):
    topic_backwards(apps)
    guide_backwards(apps)


def guide_forwards(apps):
    # modelsearch indexes the app's own SearchEntry, as in 0032; only its own columns
    # are written.
    from troubleshooter.models.search import SearchEntry

    Guide = apps.get_model("troubleshooter", "Guide")
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    Translation = apps.get_model("troubleshooter", "Translation")
    guide = Guide.objects.filter(slug=SLUG).select_related("live_version").first()
    source = guide.live_version if guide else None
    if source is None or source.note != with_symptoms.NOTE:
        return  # unpublished, or staff have published since 0027 did
    if Translation.objects.filter(guide=guide, language=LANGUAGE).exists():
        return  # staff's own Spanish translation
    texts = spanish_texts(source.content)
    if texts is None:
        return  # not version 3 as 0027 published it
    record = translation.translated(source.content, texts, render_markdown)
    record["source"] = {"language": source.language, "number": source.number}
    found = translation.missing(source.content, texts) + content.problems(record)
    if any(problem.is_error for problem in found):
        return
    in_language = GuideVersion.objects.filter(guide=guide, language=LANGUAGE)
    top = in_language.aggregate(top=Max("number"))["top"] or 0
    version = GuideVersion.objects.create(
        guide=guide,
        language=LANGUAGE,
        number=top + 1,
        content=record,
        note=NOTE,
        warnings=[str(problem) for problem in found],
    )
    spanish = Translation.objects.create(
        guide=guide,
        language=LANGUAGE,
        texts=texts,
        live_version=version,
        follows_version=source,
    )
    # Its texts begin its history, as 0035 began every translation's.
    TranslationRevision = apps.get_model("troubleshooter", "TranslationRevision")
    TranslationRevision.objects.create(translation=spanish, texts=texts, stamp=history.stamp(texts))
    SearchEntry.objects.index_version(version, is_source=False)


def guide_backwards(apps):
    """The guide without its Spanish, if the translation still stands as forwards left
    it. A version that visits walk stays: versions are never changed, and a visit keeps
    the version it started on."""
    from troubleshooter.models.search import SearchEntry

    Guide = apps.get_model("troubleshooter", "Guide")
    Translation = apps.get_model("troubleshooter", "Translation")
    Visit = apps.get_model("troubleshooter", "Visit")
    guide = Guide.objects.filter(slug=SLUG).first()
    spanish = Translation.objects.filter(guide=guide, language=LANGUAGE).first()
    version = spanish.live_version if spanish else None
    if version is None or version.note != NOTE:
        return  # unpublished or published again by staff: keep their work
    source = spanish.follows_version
    if source is None or spanish.texts != spanish_texts(source.content):
        return  # texts edited since
    # Deleted one by one, so that each leaves the index too (see SearchEntry).
    for entry in SearchEntry.objects.filter(guide_id=guide.pk, version_id=version.pk):
        entry.delete()
    spanish.delete()
    if not Visit.objects.filter(version=version).exists():
        version.delete()


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0035_translation_history_and_reviews")]

    operations = [migrations.RunPython(forwards, backwards)]
