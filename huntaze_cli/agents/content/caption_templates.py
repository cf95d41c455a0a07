"""Caption wording, per language (en, fr, es, pt, de), tone and platform. Data only; captions.py assembles it.

Placeholders: {topic} (the description's first sentence), {kw} (its main keyword), {e} (a tone emoji).
"""

from __future__ import annotations

TONES = ("playful", "romantic", "chill", "hype", "mysterious", "serious")

# Mood words (en + fr) mapped to a tone; unknown moods are reported in performanceInsights.
MOOD_TONES = {
    "playful": "playful", "fun": "playful", "funny": "playful", "silly": "playful", "cheeky": "playful",
    "happy": "playful", "drôle": "playful", "drole": "playful", "joueur": "playful", "joyeux": "playful",
    "romantic": "romantic", "flirty": "romantic", "sexy": "romantic", "sensual": "romantic", "love": "romantic",
    "romantique": "romantic", "coquin": "romantic", "sensuel": "romantic", "amoureux": "romantic",
    "chill": "chill", "relaxed": "chill", "calm": "chill", "cozy": "chill", "lazy": "chill", "peaceful": "chill",
    "détendu": "chill", "detendu": "chill", "calme": "chill", "cosy": "chill", "zen": "chill",
    "hype": "hype", "excited": "hype", "energetic": "hype", "party": "hype", "bold": "hype", "confident": "hype",
    "énergique": "hype", "energique": "hype", "excité": "hype", "fête": "hype", "fete": "hype",
    "mysterious": "mysterious", "dark": "mysterious", "moody": "mysterious", "secret": "mysterious",
    "mystérieux": "mysterious", "mysterieux": "mysterious", "sombre": "mysterious",
    "serious": "serious", "professional": "serious", "inspiring": "serious", "motivational": "serious",
    "informative": "serious", "sérieux": "serious", "serieux": "serious", "professionnel": "serious",
    "inspirant": "serious",
}
PLATFORM_DEFAULT_TONE = {"tiktok": "hype", "instagram": "playful", "twitter": "playful", "onlyfans": "romantic",
                         "facebook": "chill"}
EMOJIS = {"playful": ("😄", "✨", "🙌", "😜"), "romantic": ("💕", "🌹", "✨", "😘"), "chill": ("🌿", "☀️", "🌊", "😌"),
          "hype": ("🔥", "⚡", "🚀", "💥"), "mysterious": ("🖤", "🌙", "👀", "🔮"), "serious": ("💡", "📌", "✅", "🎯")}

HOOKS = {
    "en": {
        "playful": ("Okay, this one made me smile", "Plot twist:", "Not me doing this again",
                    "Warning: pure fun ahead"),
        "romantic": ("Some moments deserve to be slow", "Just for you", "Falling for this moment",
                     "Soft light, softer mood"),
        "chill": ("Slow day, good vibes", "Breathe in, slow down", "Nothing to prove today", "Easy does it"),
        "hype": ("Stop scrolling — you need to see this", "This is the one", "Energy level: maximum",
                 "Wait for it…"),
        "mysterious": ("Not everything is what it seems", "Can you guess what happens next?",
                       "Some secrets are worth keeping", "Look closer"),
        "serious": ("Here's what I learned", "Real talk", "Behind every post there's work", "Let's be honest"),
    },
    "fr": {
        "playful": ("Celle-ci m'a fait sourire", "Rebondissement :", "Je recommence, évidemment",
                    "Attention : bonne humeur garantie"),
        "romantic": ("Certains moments méritent de durer", "Rien que pour toi", "Je craque pour ce moment",
                     "Lumière douce, humeur tendre"),
        "chill": ("Journée tranquille, bonnes ondes", "On respire, on ralentit", "Rien à prouver aujourd'hui",
                  "Tout en douceur"),
        "hype": ("Arrête de scroller, regarde ça", "C'est celle-là", "Énergie au maximum", "Attends la fin…"),
        "mysterious": ("Rien n'est tout à fait ce qu'il paraît", "Tu devines la suite ?",
                       "Certains secrets valent la peine", "Regarde de plus près"),
        "serious": ("Voici ce que j'ai appris", "Parlons vrai", "Derrière chaque post, du travail",
                    "Soyons honnêtes"),
    },
    "es": {
        "playful": ("Este me sacó una sonrisa", "Giro inesperado:", "Yo otra vez haciendo esto",
                    "Aviso: diversión garantizada"),
        "romantic": ("Hay momentos que merecen ir despacio", "Solo para ti", "Enamorada de este momento",
                     "Luz suave, ánimo aún más suave"),
        "chill": ("Día tranquilo, buena vibra", "Respira, baja el ritmo", "Nada que demostrar hoy", "Con calma"),
        "hype": ("Deja de hacer scroll: tienes que ver esto", "Este es el bueno", "Energía al máximo",
                 "Espera al final…"),
        "mysterious": ("No todo es lo que parece", "¿Adivinas qué pasa después?",
                       "Algunos secretos vale la pena guardarlos", "Mira de cerca"),
        "serious": ("Esto es lo que aprendí", "Hablemos claro", "Detrás de cada post hay trabajo",
                    "Seamos sinceros"),
    },
    "pt": {
        "playful": ("Esse me fez sorrir", "Reviravolta:", "Eu fazendo isso de novo", "Aviso: diversão garantida"),
        "romantic": ("Alguns momentos merecem calma", "Só para você", "Apaixonada por este momento",
                     "Luz suave, clima mais suave ainda"),
        "chill": ("Dia tranquilo, boas vibrações", "Respira, desacelera", "Nada a provar hoje", "Com calma"),
        "hype": ("Para de rolar: você precisa ver isso", "É esse", "Energia no máximo", "Espera até o final…"),
        "mysterious": ("Nem tudo é o que parece", "Adivinha o que acontece depois?",
                       "Alguns segredos valem a pena", "Olha de perto"),
        "serious": ("Isso foi o que aprendi", "Papo reto", "Por trás de cada post tem trabalho",
                    "Vamos ser sinceros"),
    },
    "de": {
        "playful": ("Das hier hat mich zum Lächeln gebracht", "Plot-Twist:", "Ich mache das schon wieder",
                    "Achtung: Spaß garantiert"),
        "romantic": ("Manche Momente verdienen Zeit", "Nur für dich", "Verliebt in diesen Moment",
                     "Sanftes Licht, sanfte Stimmung"),
        "chill": ("Ruhiger Tag, gute Vibes", "Durchatmen, runterkommen", "Heute muss ich nichts beweisen",
                  "Ganz entspannt"),
        "hype": ("Hör auf zu scrollen, das musst du sehen", "Das ist es", "Energie auf Maximum",
                 "Warte bis zum Ende…"),
        "mysterious": ("Nicht alles ist, wie es scheint", "Errätst du, was als Nächstes passiert?",
                       "Manche Geheimnisse sind es wert", "Schau genau hin"),
        "serious": ("Das habe ich gelernt", "Mal ehrlich", "Hinter jedem Post steckt Arbeit", "Seien wir ehrlich"),
    },
}

STORY = {
    "en": ("Every detail of this {kw} moment tells a story.", "This is what {kw} looks like when you stop rushing.",
           "Saving this {kw} memory forever.", "I wanted you to feel this {kw} moment with me."),
    # French puts the noun first ("ce moment café" reads oddly), so the French lines do not inline {kw}.
    "fr": ("Chaque détail de ce moment raconte une histoire.", "Voilà à quoi ressemble la vie quand on prend "
           "son temps.", "Je garde ce souvenir pour toujours.", "Je voulais partager ce moment avec toi."),
    "es": ("Cada detalle de este momento cuenta una historia.", "Así se ve la vida cuando dejas de correr.",
           "Guardo este recuerdo para siempre.", "Quería que vivieras este momento conmigo."),
    "pt": ("Cada detalhe deste momento conta uma história.", "É assim que a vida fica quando a gente para de "
           "correr.", "Guardando essa memória para sempre.", "Eu queria que você sentisse esse momento comigo."),
    "de": ("Jedes Detail dieses Moments erzählt eine Geschichte.", "So sieht das Leben aus, wenn man nicht hetzt.",
           "Diese Erinnerung behalte ich für immer.", "Ich wollte, dass du diesen Moment mit mir erlebst."),
}

CTA = {
    "en": {
        "tiktok": ("Follow for part 2 👀", "Comment '{kw}' if you want more", "Save this and send it to a friend",
                   "Duet this with your version"),
        "instagram": ("What would you add to this {kw} moment?", "Double tap if you feel this",
                      "Tag someone who needs this {kw} energy", "Which detail caught your eye first?"),
        "twitter": ("Thoughts?", "Who's in?", "Rate it 1–10", "Agree?"),
        "onlyfans": ("Tell me in DMs what you want next 💌", "Reply with your favourite emoji for a surprise",
                     "Should I post the rest? Vote in my DMs 🗳️", "What should I do next? You decide 😉"),
        "facebook": ("Share this with someone who would love it.", "Tell me in the comments: what's your take?",
                     "Who else needs to see this? Share it!", "Drop your own {kw} story below."),
    },
    "fr": {
        "tiktok": ("Abonne-toi pour la partie 2 👀", "Commente « {kw} » si tu en veux plus",
                   "Enregistre et envoie-la à un ami", "Fais un duo avec ta version"),
        "instagram": ("Tu ajouterais quoi à ce moment ?", "Double-tape si tu ressens ça",
                      "Identifie quelqu'un qui a besoin de cette énergie", "Quel détail as-tu vu en premier ?"),
        "twitter": ("Vos avis ?", "Qui est partant ?", "Une note sur 10 ?", "D'accord ?"),
        "onlyfans": ("Dis-moi en DM ce que tu veux ensuite 💌", "Réponds avec ton emoji préféré pour une surprise",
                     "Je poste la suite ? Vote en DM 🗳️", "Qu'est-ce que je fais ensuite ? À toi de choisir 😉"),
        "facebook": ("Partagez avec quelqu'un qui va adorer.", "Dites-moi en commentaire ce que vous en pensez.",
                     "Qui d'autre doit voir ça ? Partagez !", "Racontez-nous votre version en commentaire."),
    },
    "es": {
        "tiktok": ("Sígueme para la parte 2 👀", "Comenta «{kw}» si quieres más", "Guárdalo y compártelo con un amigo",
                   "Haz un dúo con tu versión"),
        "instagram": ("¿Qué le añadirías a este momento?", "Doble toque si lo sientes",
                      "Etiqueta a alguien que necesita esta energía", "¿Qué detalle viste primero?"),
        "twitter": ("¿Opiniones?", "¿Quién se apunta?", "¿Del 1 al 10?", "¿De acuerdo?"),
        "onlyfans": ("Dime por DM qué quieres ver después 💌",
                     "Responde con tu emoji favorito y te llevas una sorpresa",
                     "¿Publico el resto? Vota por DM 🗳️", "¿Qué hago después? Tú decides 😉"),
        "facebook": ("Compártelo con alguien a quien le encantaría.", "Cuéntame en los comentarios: ¿qué opinas?",
                     "¿Quién más tiene que ver esto? ¡Compártelo!", "Cuéntanos tu propia historia abajo."),
    },
    "pt": {
        "tiktok": ("Me segue para a parte 2 👀", "Comenta “{kw}” se quiser mais", "Salva e manda para um amigo",
                   "Faz um dueto com a sua versão"),
        "instagram": ("O que você adicionaria a este momento?", "Dá dois toques se sentiu isso",
                      "Marca alguém que precisa dessa energia", "Qual detalhe você viu primeiro?"),
        "twitter": ("Opiniões?", "Quem topa?", "Nota de 1 a 10?", "Concorda?"),
        "onlyfans": ("Me conta na DM o que você quer ver depois 💌", "Responde com seu emoji favorito e ganha uma "
                     "surpresa", "Posto o resto? Vota na DM 🗳️", "O que eu faço depois? Você decide 😉"),
        "facebook": ("Compartilhe com alguém que vai adorar.", "Conta nos comentários: o que você acha?",
                     "Quem mais precisa ver isso? Compartilhe!", "Conta a sua história aqui embaixo."),
    },
    "de": {
        "tiktok": ("Folg mir für Teil 2 👀", "Kommentiere „{kw}“, wenn du mehr willst",
                   "Speichern und einer Freundin schicken", "Mach ein Duett mit deiner Version"),
        "instagram": ("Was würdest du diesem Moment hinzufügen?", "Doppeltippen, wenn du das fühlst",
                      "Markiere jemanden, der diese Energie braucht", "Welches Detail ist dir zuerst aufgefallen?"),
        "twitter": ("Meinungen?", "Wer ist dabei?", "Von 1 bis 10?", "Einverstanden?"),
        "onlyfans": ("Schreib mir per DM, was du als Nächstes sehen willst 💌", "Antworte mit deinem "
                     "Lieblings-Emoji für eine Überraschung", "Soll ich den Rest posten? Stimm per DM ab 🗳️",
                     "Was mache ich als Nächstes? Du entscheidest 😉"),
        "facebook": ("Teile das mit jemandem, dem es gefallen wird.", "Schreib in die Kommentare: Was denkst du?",
                     "Wer muss das noch sehen? Teilen!", "Erzähl uns unten deine eigene Geschichte."),
    },
}

TEASER = {
    "en": ("Something exclusive is waiting for you 🔒", "The full {kw} set is only here.",
           "You're getting the first look.", "Only my favourites see the uncut version…"),
    "fr": ("Quelque chose d'exclusif t'attend 🔒", "La série complète est seulement ici.",
           "Tu as la primeur.", "Seuls mes favoris voient la version complète…"),
    "es": ("Algo exclusivo te está esperando 🔒", "La serie completa solo está aquí.", "Tú lo ves primero.",
           "Solo mis favoritos ven la versión completa…"),
    "pt": ("Tem algo exclusivo te esperando 🔒", "O ensaio completo só está aqui.", "Você vê primeiro.",
           "Só meus favoritos veem a versão completa…"),
    "de": ("Etwas Exklusives wartet auf dich 🔒", "Die ganze Serie gibt es nur hier.", "Du siehst es zuerst.",
           "Nur meine Lieblinge sehen die ungeschnittene Version…"),
}

COMMUNITY = {
    "en": ("Thank you all for being such an amazing community.", "I love reading your stories in the comments.",
           "This community keeps me going every day.", "You kept asking for more posts like this one, so here it is."),
    "fr": ("Merci d'être une communauté aussi incroyable.", "J'adore lire vos histoires en commentaire.",
           "Cette communauté me motive chaque jour.", "Vous m'avez demandé plus de posts comme celui-ci, le voici."),
    "es": ("Gracias a todos por ser una comunidad tan increíble.", "Me encanta leer vuestras historias en los "
           "comentarios.", "Esta comunidad me motiva cada día.",
           "Me pedisteis más posts como este, así que aquí está."),
    "pt": ("Obrigada a todos por serem uma comunidade tão incrível.", "Adoro ler as histórias de vocês nos "
           "comentários.", "Esta comunidade me motiva todos os dias.", "Vocês pediram mais posts como este, então "
           "aqui está."),
    "de": ("Danke, dass ihr so eine tolle Community seid.", "Ich liebe es, eure Geschichten in den Kommentaren zu "
           "lesen.", "Diese Community motiviert mich jeden Tag.", "Ihr wolltet mehr Posts wie diesen, hier ist er."),
}

TYPE_HINT = {
    "en": {"photo": "", "video": "Watch till the end.", "story": "Here for 24 hours only."},
    "fr": {"photo": "", "video": "Regarde jusqu'au bout.", "story": "Disponible 24 heures seulement."},
    "es": {"photo": "", "video": "Míralo hasta el final.", "story": "Disponible solo 24 horas."},
    "pt": {"photo": "", "video": "Assiste até o final.", "story": "Disponível só por 24 horas."},
    "de": {"photo": "", "video": "Schau bis zum Ende.", "story": "Nur 24 Stunden verfügbar."},
}

FOR_AUDIENCE = {"en": "For all my {audience}.", "fr": "Pour tous mes {audience}.", "es": "Para todos mis {audience}.",
                "pt": "Para todos os meus {audience}.", "de": "Für alle meine {audience}."}
# The main keyword when the description has none ("this special moment", « instant »).
NO_KEYWORD = {"en": "special", "fr": "instant", "es": "momento", "pt": "momento", "de": "Moment"}

PLATFORM_TAGS = {"tiktok": ("#fyp", "#foryou", "#viral"), "instagram": ("#instagood",), "twitter": (),
                 "onlyfans": ("#exclusive",), "facebook": ("#community",)}
TYPE_TAGS = {("instagram", "video"): "#reels", ("tiktok", "story"): "#storytime",
             ("instagram", "photo"): "#photooftheday"}
